package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of Zab's discovery, synchronisation and broadcast phases. They always travel inside a {@link Packet},
 * which carries the leader's epoch and the per-session sequence number.
 */
public sealed interface ZabMessage {

    /**
     * Follower to leader, first message of a session: what epoch it has promised and how far its log goes.
     * {@code session} names this attempt, so the follower can tell the leader's answer to it from answers to earlier
     * attempts still in flight.
     */
    record FollowerInfo(long sid, long acceptedEpoch, long lastZxid, long session) implements ZabMessage {
    }

    /**
     * A server that follows {@code leader} to one whose FollowerInfo of {@code session} reached it: it is not leading.
     * The sender had decided for it in an election whose last votes it missed; without this it would wait out initLimit
     * for an answer that never comes (ZooKeeper's would-be follower finds the leader port closed and looks again).
     */
    record NotLeading(long leader, long session) implements ZabMessage {
    }

    /** Leader to follower: the epoch it proposes to establish, in answer to the FollowerInfo of {@code session}. */
    record LeaderInfo(long newEpoch, long session) implements ZabMessage {
    }

    /** Follower to leader: it promised the new epoch; this is the epoch it last followed and its log's last zxid. */
    record AckEpoch(long currentEpoch, long lastZxid) implements ZabMessage {
    }

    /** Leader to follower: txns to append after the follower's last zxid (after a Trunc or Snap, if one came first). */
    record Diff(List<Txn> txns) implements ZabMessage {
        public Diff {
            txns = List.copyOf(txns);
        }
    }

    /** Leader to follower: cut the log after {@code zxid}; what follows was never in the leader's history. */
    record Trunc(long zxid) implements ZabMessage {
    }

    /** Leader to follower: replace state and log by this snapshot of the committed state at {@code zxid}. */
    record Snap(long zxid, byte[] data) implements ZabMessage {
        public Snap {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The snapshot's size in bytes, without copying it. */
        public int length() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snap s && s.zxid == zxid && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(zxid) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Snap[zxid=0x" + Long.toHexString(zxid) + ", " + data.length + " bytes]";
        }
    }

    /** Leader to follower: the synchronised history ends here; acknowledge once it and the new epoch are durable. */
    record NewLeader(long zxid) implements ZabMessage {
    }

    /** Follower to leader: history and current epoch are durable. */
    record AckNewLeader(long zxid) implements ZabMessage {
    }

    /** Leader to follower: a quorum holds the history; apply it and serve. */
    record UpToDate() implements ZabMessage {
    }

    record Proposal(long zxid, Txn txn) implements ZabMessage {
    }

    /** Follower to leader: the proposal {@code zxid} is durable here. */
    record Ack(long zxid) implements ZabMessage {
    }

    /** Leader to follower: {@code zxid} (and so everything before it) is committed. */
    record Commit(long zxid) implements ZabMessage {
    }

    /** Leader to observer: a committed txn (observers see no proposals). */
    record Inform(Txn txn) implements ZabMessage {
    }

    record Ping() implements ZabMessage {
    }

    record PingReply() implements ZabMessage {
    }
}
