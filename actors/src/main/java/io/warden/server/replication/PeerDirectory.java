package io.warden.server.replication;

import io.warden.server.config.EnsembleConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;

/** The Peer of every server, addressed by the host and quorum port of its server.N line. */
public final class PeerDirectory implements Peer.PeerDirectory {
    public static final String SYSTEM_NAME = "warden";
    public static final String PEER_NAME = "peer";

    private final Map<Long, ActorRef<Peer.Command>> peers;

    private PeerDirectory(Map<Long, ActorRef<Peer.Command>> peers) {
        this.peers = peers;
    }

    public static PeerDirectory resolve(ActorSystem<?> system, EnsembleConfig ensemble) {
        ActorRefResolver resolver = ActorRefResolver.get(system);
        Map<Long, ActorRef<Peer.Command>> peers = new HashMap<>();
        for (EnsembleConfig.Member m : ensemble.members().values()) {
            if (m.id() != ensemble.myId()) {
                peers.put(m.id(), resolver.resolveActorRef(address(m) + "/user/" + PEER_NAME));
            }
        }
        return new PeerDirectory(Map.copyOf(peers));
    }

    public static String address(EnsembleConfig.Member m) {
        return "pekko://" + SYSTEM_NAME + "@" + m.host() + ":" + m.quorumPort();
    }

    @Override
    public ActorRef<Peer.Command> peer(long sid) {
        return peers.get(sid);
    }
}
