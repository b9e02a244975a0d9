package io.warden.server.replication;

import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Binary encoding of {@link PeerMessage}s between servers, in jute like the client protocol; transactions use the
 * log's own {@link TxnCodec}. A message that does not decode is refused, never half-believed.
 */
public final class PeerSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    private static final String VOTE = "V";
    private static final String PACKET = "P";
    private static final String PACKETS = "PB";
    private static final String BATCH = "B";
    private static final String WRITE = "W";
    private static final String SYNC = "S";
    private static final String SYNC_POINT = "SP";
    private static final String TOUCHES = "T";
    private static final String REFUSED = "R";
    private static final String FRAGMENT = "F";

    /**
     * Per encoding thread, reused: Artery hands {@link #toBinary(Object, ByteBuffer)} its envelope buffer, so a message
     * is written here and copied once, instead of into a fresh array grown by doubling and then copied out of it (a
     * proposal batch's encoding was the leader's largest source of garbage). One that grew past 1 MiB (a snapshot) is
     * let go rather than kept.
     */
    private static final ThreadLocal<JuteOutput> SCRATCH = ThreadLocal.withInitial(() -> new JuteOutput(4096));
    private static final int SCRATCH_KEPT_BYTES = 1 << 20;

    /** epoch, seq and the body's kind. */
    private static final int PACKET_MIN_BYTES = 8 + 8 + 4;

    public PeerSerializer(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
        return 0x5741_5244; // "WARD"
    }

    @Override
    public String manifest(Object o) {
        return manifestOf(o);
    }

    /** The kind of {@code o} as this serializer names it on the wire. */
    static String manifestOf(Object o) {
        if (o instanceof PeerMessage.ElectionVote) {
            return VOTE;
        } else if (o instanceof PeerMessage.ZabPacket) {
            return PACKET;
        } else if (o instanceof PeerMessage.ZabPackets) {
            return PACKETS;
        } else if (o instanceof PeerMessage.Batch) {
            return BATCH;
        } else if (o instanceof PeerMessage.ForwardedWrite) {
            return WRITE;
        } else if (o instanceof PeerMessage.SyncRequest) {
            return SYNC;
        } else if (o instanceof PeerMessage.SyncPoint) {
            return SYNC_POINT;
        } else if (o instanceof PeerMessage.Touches) {
            return TOUCHES;
        } else if (o instanceof PeerMessage.WriteRefused) {
            return REFUSED;
        } else if (o instanceof PeerMessage.Fragment) {
            return FRAGMENT;
        }
        throw new IllegalArgumentException("not a peer message: " + o.getClass());
    }

    @Override
    public byte[] toBinary(Object o) {
        return encode((PeerMessage) o, 128);
    }

    /** {@code m} as {@link #toBinary(Object)} writes it, for cutting into {@link PeerMessage.Fragment}s. */
    static byte[] encode(PeerMessage m, int sizeHint) {
        JuteOutput out = new JuteOutput(Math.max(128, sizeHint));
        write(m, out);
        return out.takeBytes();
    }

    @Override
    public void toBinary(Object o, ByteBuffer buf) {
        JuteOutput out = SCRATCH.get();
        out.reset();
        try {
            write((PeerMessage) o, out);
            out.writeTo(buf);
        } finally {
            if (out.capacity() > SCRATCH_KEPT_BYTES) {
                SCRATCH.remove();
            }
        }
    }

    @Override
    public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return fromBinary(bytes, manifest);
    }

    private static void write(PeerMessage m, JuteOutput out) {
        out.writeLong(m.from());
        if (m instanceof PeerMessage.ElectionVote v) {
            writeNotification(v.notification(), out);
        } else if (m instanceof PeerMessage.ZabPacket p) {
            writePacket(p.packet(), out);
        } else if (m instanceof PeerMessage.ZabPackets b) {
            out.writeInt(b.packets().size());
            for (Packet p : b.packets()) {
                writePacket(p, out);
            }
        } else if (m instanceof PeerMessage.Batch b) {
            out.writeInt(b.parts().size());
            for (PeerMessage part : b.parts()) {
                if (part instanceof PeerMessage.ZabPacket p) {
                    out.writeInt(1);
                    writePacket(p.packet(), out);
                } else {
                    out.writeInt(2);
                    TxnCodec.write(((PeerMessage.ForwardedWrite) part).request(), out);
                }
            }
        } else if (m instanceof PeerMessage.ForwardedWrite w) {
            TxnCodec.write(w.request(), out);
        } else if (m instanceof PeerMessage.SyncRequest s) {
            out.writeLong(s.sessionId()).writeInt(s.cxid()).writeString(s.path());
        } else if (m instanceof PeerMessage.SyncPoint s) {
            out.writeLong(s.sessionId()).writeInt(s.cxid()).writeString(s.path()).writeLong(s.zxid());
        } else if (m instanceof PeerMessage.Touches t) {
            out.writeInt(t.sessionIds().length);
            for (int i = 0; i < t.sessionIds().length; i++) {
                out.writeLong(t.sessionIds()[i]).writeInt(t.timeouts()[i]);
            }
        } else if (m instanceof PeerMessage.WriteRefused r) {
            out.writeLong(r.sessionId()).writeInt(r.cxid()).writeInt(r.err());
        } else if (m instanceof PeerMessage.Fragment f) {
            out.writeString(f.manifest()).writeInt(f.total()).writeInt(f.offset()).writeBuffer(f.bytes());
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return decode(bytes, manifest);
    }

    /** The message {@link #encode(PeerMessage, int)} wrote, of kind {@code manifest}. */
    static PeerMessage decode(byte[] bytes, String manifest) throws NotSerializableException {
        try {
            JuteInput in = new JuteInput(bytes);
            long from = in.readLong();
            PeerMessage m = switch (manifest) {
                case VOTE -> new PeerMessage.ElectionVote(from, readNotification(in));
                case PACKET -> new PeerMessage.ZabPacket(from, readPacket(in));
                case PACKETS -> {
                    int n = count(in, PACKET_MIN_BYTES);
                    List<Packet> packets = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        packets.add(readPacket(in));
                    }
                    yield new PeerMessage.ZabPackets(from, packets);
                }
                case BATCH -> {
                    int n = count(in, 4 + Math.min(PACKET_MIN_BYTES, TxnCodec.MIN_BYTES));
                    List<PeerMessage> parts = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int kind = in.readInt();
                        parts.add(switch (kind) {
                            case 1 -> new PeerMessage.ZabPacket(from, readPacket(in));
                            case 2 -> new PeerMessage.ForwardedWrite(from, TxnCodec.read(in));
                            default -> throw new JuteException("unknown batch part kind " + kind);
                        });
                    }
                    yield new PeerMessage.Batch(from, parts);
                }
                case WRITE -> new PeerMessage.ForwardedWrite(from, TxnCodec.read(in));
                case SYNC -> new PeerMessage.SyncRequest(from, in.readLong(), in.readInt(), in.readString());
                case SYNC_POINT -> new PeerMessage.SyncPoint(from, in.readLong(), in.readInt(), in.readString(), in.readLong());
                case TOUCHES -> {
                    int n = count(in, 12);
                    long[] ids = new long[n];
                    int[] timeouts = new int[n];
                    for (int i = 0; i < n; i++) {
                        ids[i] = in.readLong();
                        timeouts[i] = in.readInt();
                    }
                    yield new PeerMessage.Touches(from, ids, timeouts);
                }
                case REFUSED -> new PeerMessage.WriteRefused(from, in.readLong(), in.readInt(), in.readInt());
                case FRAGMENT -> new PeerMessage.Fragment(from, in.readString(), in.readInt(), in.readInt(), in.readBuffer());
                default -> throw new NotSerializableException("unknown peer message manifest '" + manifest + "'");
            };
            if (in.remaining() != 0) {
                throw new JuteException(in.remaining() + " bytes left over");
            }
            return m;
        } catch (JuteException | IllegalArgumentException e) {
            throw new NotSerializableException("malformed peer message '" + manifest + "': " + e.getMessage());
        }
    }

    private static int count(JuteInput in, int minElementBytes) {
        int n = in.readInt();
        if (n < 0 || (long) n * minElementBytes > in.remaining()) {
            throw new JuteException("bad element count " + n);
        }
        return n;
    }

    private static void writeNotification(Notification n, JuteOutput out) {
        out.writeLong(n.vote().leader()).writeLong(n.vote().zxid()).writeLong(n.vote().peerEpoch())
                .writeLong(n.electionEpoch()).writeInt(n.state().ordinal());
    }

    private static Notification readNotification(JuteInput in) {
        Vote vote = new Vote(in.readLong(), in.readLong(), in.readLong());
        long electionEpoch = in.readLong();
        int state = in.readInt();
        if (state < 0 || state >= ServerState.values().length) {
            throw new JuteException("bad server state " + state);
        }
        return new Notification(vote, electionEpoch, ServerState.values()[state]);
    }

    private static void writePacket(Packet p, JuteOutput out) {
        out.writeLong(p.epoch()).writeLong(p.seq());
        ZabMessage b = p.body();
        if (b instanceof ZabMessage.FollowerInfo m) {
            out.writeInt(1).writeLong(m.sid()).writeLong(m.acceptedEpoch()).writeLong(m.lastZxid()).writeLong(m.session());
        } else if (b instanceof ZabMessage.LeaderInfo m) {
            out.writeInt(2).writeLong(m.newEpoch()).writeLong(m.session());
        } else if (b instanceof ZabMessage.AckEpoch m) {
            out.writeInt(3).writeLong(m.currentEpoch()).writeLong(m.lastZxid());
        } else if (b instanceof ZabMessage.Diff m) {
            out.writeInt(4);
            writeTxns(m.txns(), out);
        } else if (b instanceof ZabMessage.Trunc m) {
            out.writeInt(5).writeLong(m.zxid());
        } else if (b instanceof ZabMessage.Snap m) {
            out.writeInt(6).writeLong(m.zxid()).writeBuffer(m.data());
        } else if (b instanceof ZabMessage.NewLeader m) {
            out.writeInt(7).writeLong(m.zxid());
        } else if (b instanceof ZabMessage.AckNewLeader m) {
            out.writeInt(8).writeLong(m.zxid());
        } else if (b instanceof ZabMessage.UpToDate) {
            out.writeInt(9);
        } else if (b instanceof ZabMessage.Proposal m) {
            out.writeInt(10).writeLong(m.zxid());
            TxnCodec.write(m.txn(), out);
        } else if (b instanceof ZabMessage.Ack m) {
            out.writeInt(11).writeLong(m.zxid());
        } else if (b instanceof ZabMessage.Commit m) {
            out.writeInt(12).writeLong(m.zxid());
        } else if (b instanceof ZabMessage.Inform m) {
            out.writeInt(13);
            TxnCodec.write(m.txn(), out);
        } else if (b instanceof ZabMessage.Ping) {
            out.writeInt(14);
        } else if (b instanceof ZabMessage.PingReply) {
            out.writeInt(15);
        } else if (b instanceof ZabMessage.NotLeading m) {
            out.writeInt(16).writeLong(m.leader()).writeLong(m.session());
        } else {
            throw new IllegalArgumentException("no encoding for " + b.getClass());
        }
    }

    private static Packet readPacket(JuteInput in) {
        long epoch = in.readLong();
        long seq = in.readLong();
        int kind = in.readInt();
        ZabMessage body = switch (kind) {
            case 1 -> new ZabMessage.FollowerInfo(in.readLong(), in.readLong(), in.readLong(), in.readLong());
            case 2 -> new ZabMessage.LeaderInfo(in.readLong(), in.readLong());
            case 3 -> new ZabMessage.AckEpoch(in.readLong(), in.readLong());
            case 4 -> new ZabMessage.Diff(readTxns(in));
            case 5 -> new ZabMessage.Trunc(in.readLong());
            case 6 -> {
                long zxid = in.readLong();
                byte[] data = in.readBuffer();
                if (data == null) {
                    throw new JuteException("snapshot without data");
                }
                yield new ZabMessage.Snap(zxid, data);
            }
            case 7 -> new ZabMessage.NewLeader(in.readLong());
            case 8 -> new ZabMessage.AckNewLeader(in.readLong());
            case 9 -> new ZabMessage.UpToDate();
            case 10 -> new ZabMessage.Proposal(in.readLong(), TxnCodec.read(in));
            case 11 -> new ZabMessage.Ack(in.readLong());
            case 12 -> new ZabMessage.Commit(in.readLong());
            case 13 -> new ZabMessage.Inform(TxnCodec.read(in));
            case 14 -> new ZabMessage.Ping();
            case 15 -> new ZabMessage.PingReply();
            case 16 -> new ZabMessage.NotLeading(in.readLong(), in.readLong());
            default -> throw new JuteException("unknown Zab message kind " + kind);
        };
        return new Packet(epoch, seq, body);
    }

    private static void writeTxns(List<Txn> txns, JuteOutput out) {
        out.writeInt(txns.size());
        for (Txn t : txns) {
            TxnCodec.write(t, out);
        }
    }

    private static List<Txn> readTxns(JuteInput in) {
        int n = count(in, TxnCodec.MIN_BYTES);
        List<Txn> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(TxnCodec.read(in));
        }
        return out;
    }
}
