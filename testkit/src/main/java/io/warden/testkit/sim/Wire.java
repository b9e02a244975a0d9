package io.warden.testkit.sim;

import io.warden.api.txn.Txn;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import java.util.Map;
import java.util.TreeMap;

/** What simulated servers send each other: the same jobs as the real Peer's messages. */
sealed interface Wire {

    record Vote(Notification notification) implements Wire {
    }

    record Zab(Packet packet) implements Wire {
    }

    /** A follower passes its client's write to the leader. */
    record Forward(Txn request) implements Wire {
    }

    /** The leader could not take a forwarded write (not serving); the client's request fails. */
    record Refused(long sessionId, int cxid) implements Wire {
    }

    /** Signs of life of sessions connected to a follower: session id to timeout. */
    record Touches(Map<Long, Integer> sessions) implements Wire {
        public Touches {
            sessions = new TreeMap<>(sessions);
        }
    }
}
