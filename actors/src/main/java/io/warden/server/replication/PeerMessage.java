package io.warden.server.replication;

import io.warden.api.txn.Txn;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import java.util.List;

/**
 * What one server's {@link Peer} sends another over the cluster transport. Every message names its sender by server
 * id, since Zab reasons about ids, not addresses. {@link PeerSerializer} writes them in binary, never with Java
 * serialization.
 */
public sealed interface PeerMessage extends Peer.Command {
    long from();

    /** A vote of fast leader election. */
    record ElectionVote(long from, Notification notification) implements PeerMessage {
    }

    /** A packet of discovery, synchronisation or broadcast, numbered by the leader's epoch and stream. */
    record ZabPacket(long from, Packet packet) implements PeerMessage {
    }

    /**
     * Several packets to the same server, in order, as one transport message: what one step of the protocol sends
     * a peer at once (the acks of a whole log batch, the commits an ack releases). Each remote message costs
     * serialization, framing and a mailbox hop on both sides; per write that was most of the replication CPU.
     */
    record ZabPackets(long from, List<Packet> packets) implements PeerMessage {
        public ZabPackets {
            packets = List.copyOf(packets);
        }
    }

    /**
     * Packets and forwarded writes to the same server, in the order they were sent, as one transport message: a
     * follower's acks interleave with the writes its clients send the leader, and keeping them in one message keeps
     * the link FIFO without splitting the batch at every change of kind.
     */
    record Batch(long from, List<PeerMessage> parts) implements PeerMessage {
        public Batch {
            parts = List.copyOf(parts);
            for (PeerMessage m : parts) {
                if (!(m instanceof ZabPacket || m instanceof ForwardedWrite) || m.from() != from) {
                    throw new IllegalArgumentException("a batch carries only its sender's packets and writes, not " + m);
                }
            }
        }
    }

    /**
     * A client's write, forwarded by the server holding the client's connection to the leader. Its {@code zxid} and
     * {@code time} are 0: the leader orders it.
     */
    record ForwardedWrite(long from, Txn request) implements PeerMessage {
    }

    /** A session's sync: the leader answers with the last zxid it has proposed. */
    record SyncRequest(long from, long sessionId, int cxid, String path) implements PeerMessage {
    }

    /** The leader's answer: once the asking server has applied {@code zxid}, the session's sync is complete. */
    record SyncPoint(long from, long sessionId, int cxid, String path, long zxid) implements PeerMessage {
    }

    /** Sessions whose clients showed signs of life at a follower since its last report. */
    record Touches(long from, long[] sessionIds, int[] timeouts) implements PeerMessage {
    }

    /**
     * A piece of a message too large for one transport frame (a snapshot, or the diff for a server far behind): the
     * message's encoding, {@code total} bytes of kind {@code manifest}, cut into pieces sent in order. The receiver
     * decodes it once every byte is in; a piece that goes missing loses the message, which Zab notices as a gap.
     */
    record Fragment(long from, String manifest, int total, int offset, byte[] bytes) implements PeerMessage {
        public Fragment {
            if (bytes == null || offset < 0 || total < 0 || bytes.length > total - offset) {
                throw new IllegalArgumentException("a fragment of bytes " + offset + ".."
                        + (bytes == null ? "?" : offset + bytes.length) + " of " + total);
            }
        }

        @Override
        public String toString() {
            return "Fragment[from=" + from + ", " + manifest + ", bytes " + offset + ".." + (offset + bytes.length)
                    + " of " + total + "]";
        }
    }

    /** The leader could not take a forwarded write (it is not, or no longer, serving). */
    record WriteRefused(long from, long sessionId, int cxid, int err) implements PeerMessage {
    }
}
