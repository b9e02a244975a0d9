package io.warden.server.replication;

import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * How one server's Peer reaches the others: directly, or through something a test puts in between (Warden's TestKit
 * drops, delays and cuts messages per link this way). It is the only seam for fault injection in a running server,
 * and it sits below Zab: the protocol sees exactly what a lossy, slow or partitioned network would give it.
 */
@FunctionalInterface
public interface PeerLinks {
    /** Sends straight to the other servers' Peers: what every real server uses. */
    PeerLinks DIRECT = (node, self, direct) -> direct;

    /**
     * Called once as a server starts (every incarnation), on its guardian, which may spawn children to stand between
     * its Peer and the others; they stop with the server.
     *
     * @param node   the starting server's guardian
     * @param self   the starting server's id
     * @param direct the other servers' Peers
     * @return the directory the starting server's Peer sends through
     */
    Peer.PeerDirectory wrap(ActorContext<?> node, long self, Peer.PeerDirectory direct);
}
