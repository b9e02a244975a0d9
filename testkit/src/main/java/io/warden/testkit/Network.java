package io.warden.testkit;

import io.warden.server.replication.Peer;
import io.warden.server.replication.PeerLinks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The links between an ensemble's nodes: what each direction of each link does now, and the proxy that does it in the
 * sending node's current incarnation. A node that starts gets proxies configured with the links' current faults, so
 * a partition outlives a restart. The test thread changes faults while nodes start on their own threads, hence the
 * monitor; the proxies themselves own their state and learn of changes by message.
 */
final class Network {
    private record Direction(int from, int to) {
    }

    private final List<Integer> ids;
    private final Map<Direction, LinkFaults> faults = new HashMap<>();
    private final Map<Direction, ActorRef<Object>> proxies = new HashMap<>();

    Network(List<Integer> ids) {
        this.ids = List.copyOf(ids);
    }

    /** The links of node {@code self}, for its next incarnation. */
    PeerLinks linksOf(int self) {
        return (node, me, direct) -> {
            Map<Long, ActorRef<Peer.Command>> through = new HashMap<>();
            synchronized (this) {
                for (int other : ids) {
                    ActorRef<Peer.Command> real = direct.peer(other);
                    if (other == self || real == null) {
                        continue;
                    }
                    Direction d = new Direction(self, other);
                    ActorRef<Object> proxy = node.spawn(
                            LinkProxy.create(real, ((long) self << 32) | other, faults.getOrDefault(d, LinkFaults.NONE)),
                            "link-to-" + other);
                    proxies.put(d, proxy);
                    through.put((long) other, proxy.narrow());
                }
            }
            Map<Long, ActorRef<Peer.Command>> fixed = Map.copyOf(through);
            return fixed::get;
        };
    }

    synchronized LinkFaults faults(int from, int to) {
        return faults.getOrDefault(new Direction(from, to), LinkFaults.NONE);
    }

    synchronized void change(int from, int to, UnaryOperator<LinkFaults> change) {
        if (from == to) {
            throw new IllegalArgumentException("a node has no link to itself: " + from);
        }
        if (!ids.contains(from) || !ids.contains(to)) {
            throw new IllegalArgumentException("no such node: " + (ids.contains(from) ? to : from));
        }
        Direction d = new Direction(from, to);
        LinkFaults next = change.apply(faults.getOrDefault(d, LinkFaults.NONE));
        faults.put(d, next);
        ActorRef<Object> proxy = proxies.get(d);
        if (proxy != null) {
            proxy.tell(new LinkProxy.Configure(next));
        }
    }

    synchronized void healAll() {
        for (Direction d : List.copyOf(faults.keySet())) {
            change(d.from(), d.to(), f -> LinkFaults.NONE);
        }
    }
}
