package io.warden.api.txn;

import io.warden.api.data.Id;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.MultiCodec;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import java.util.List;

/**
 * The binary form of a {@link Txn}, for the log and for replication between peers. Jute encoding:
 * {@code long zxid, long time, long sessionId, int cxid, int type, vector<Id> auth}, then the body by
 * type — CreateRequest (CREATE, CREATE2, CREATE_CONTAINER), CreateTTLRequest (CREATE_TTL), DeleteRequest
 * (DELETE, DELETE_CONTAINER), SetDataRequest, SetACLRequest, CheckVersionRequest (CHECK), MultiRequest
 * (MULTI), CreateSessionTxn (CREATE_SESSION), nothing (CLOSE_SESSION).
 *
 * <p>Decoding is strict: an unknown type, a truncated record or bytes left over after the body are a
 * {@link JuteException}, so a corrupt log entry is never mistaken for a valid one.
 */
public final class TxnCodec {
    /** zxid, time, sessionId, cxid, type and an empty auth vector. */
    public static final int MIN_BYTES = 8 + 8 + 8 + 4 + 4 + 4;

    private TxnCodec() {
    }

    /** @throws IllegalArgumentException when the type is not a txn type or the body does not match it */
    public static byte[] encode(Txn txn) {
        JuteOutput out = new JuteOutput();
        write(txn, out);
        return out.toByteArray();
    }

    /** Appends the encoding of the txn to {@code out}. */
    public static void write(Txn txn, JuteOutput out) {
        Class<? extends JuteRecord> expected = bodyType(txn.type());
        if (expected == null && txn.type() != OpCode.CLOSE_SESSION) {
            throw new IllegalArgumentException("not a txn type: " + OpCode.name(txn.type()));
        }
        if (expected == null ? txn.body() != null : !expected.isInstance(txn.body())) {
            throw new IllegalArgumentException("a " + OpCode.name(txn.type()) + " txn takes "
                    + (expected == null ? "no body" : "a " + expected.getSimpleName()) + ", got "
                    + (txn.body() == null ? "null" : txn.body().getClass().getSimpleName()));
        }
        if (txn.body() instanceof MultiRequest multi && !allWrites(multi)) {
            throw new IllegalArgumentException("a multi txn may hold only write ops: " + multi);
        }
        out.writeLong(txn.zxid());
        out.writeLong(txn.time());
        out.writeLong(txn.sessionId());
        out.writeInt(txn.cxid());
        out.writeInt(txn.type());
        out.writeRecords(txn.auth());
        if (txn.body() != null) {
            ((JuteRecord) txn.body()).write(out);
        }
    }

    /** @throws JuteException when the bytes are not exactly one well-formed txn */
    public static Txn decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes exactly {@code len} bytes from {@code off}. */
    public static Txn decode(byte[] bytes, int off, int len) {
        JuteInput in = new JuteInput(bytes, off, len);
        Txn txn = read(in);
        if (in.remaining() != 0) {
            throw new JuteException("corrupt txn: " + in.remaining() + " bytes left after a "
                    + OpCode.name(txn.type()) + " txn at zxid 0x" + Long.toHexString(txn.zxid()));
        }
        return txn;
    }

    /** Reads one txn from the input, leaving whatever follows it. */
    public static Txn read(JuteInput in) {
        long zxid = in.readLong();
        long time = in.readLong();
        long sessionId = in.readLong();
        int cxid = in.readInt();
        int type = in.readInt();
        List<Id> auth = in.readRecords(Id::read, Id.MIN_BYTES);
        Object body = switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in);
            case OpCode.CREATE_TTL -> CreateTTLRequest.read(in);
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> DeleteRequest.read(in);
            case OpCode.SET_DATA -> SetDataRequest.read(in);
            case OpCode.SET_ACL -> SetACLRequest.read(in);
            case OpCode.CHECK -> CheckVersionRequest.read(in);
            case OpCode.MULTI -> MultiRequest.read(in);
            case OpCode.CREATE_SESSION -> CreateSessionTxn.read(in);
            case OpCode.CLOSE_SESSION -> null;
            default -> throw new JuteException("corrupt txn: unknown type " + type + " at zxid 0x" + Long.toHexString(zxid));
        };
        if (body instanceof MultiRequest multi && !allWrites(multi)) {
            throw new JuteException("corrupt txn: a multi txn holds a read op at zxid 0x" + Long.toHexString(zxid));
        }
        return new Txn(zxid, time, sessionId, cxid, type, auth, body);
    }

    private static boolean allWrites(MultiRequest multi) {
        return multi.ops().stream().allMatch(op -> MultiCodec.isWriteOp(op.type()));
    }

    private static Class<? extends JuteRecord> bodyType(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.class;
            case OpCode.CREATE_TTL -> CreateTTLRequest.class;
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> DeleteRequest.class;
            case OpCode.SET_DATA -> SetDataRequest.class;
            case OpCode.SET_ACL -> SetACLRequest.class;
            case OpCode.CHECK -> CheckVersionRequest.class;
            case OpCode.MULTI -> MultiRequest.class;
            case OpCode.CREATE_SESSION -> CreateSessionTxn.class;
            default -> null;
        };
    }
}
