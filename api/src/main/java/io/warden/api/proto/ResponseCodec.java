package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.function.IntUnaryOperator;

/**
 * Reply frames: a {@link ReplyHeader} (xid, zxid, err) and, when err is 0, the response record of the
 * request's opcode. The official client reads the body only when err is 0, so a server may omit it on
 * errors (ZooKeeper sometimes sends an empty record there, which the client skips).
 *
 * <p>Opcode → response body, as ZooKeeper's server writes and its client reads them: create(1)
 * CreateResponse; create2(15), createTTL(21), createContainer(19) Create2Response (a client that sent
 * createContainer through the plain create API reads just the path in front); exists(3) ExistsResponse;
 * getData(4) GetDataResponse; setData(5) SetDataResponse; getACL(6) GetACLResponse; setACL(7)
 * SetACLResponse; getChildren(8) GetChildrenResponse; sync(9) SyncResponse; getChildren2(12)
 * GetChildren2Response; check(13) SetDataResponse; multi(14), multiRead(22) MultiResponse; reconfig(16)
 * GetDataResponse (the new config); sasl(102) SetSASLResponse; getEphemerals(103) GetEphemeralsResponse;
 * getAllChildrenNumber(104) GetAllChildrenNumberResponse; addWatch(106) ErrorResponse(0) — the client
 * insists on reading one; whoAmI(107) WhoAmIResponse; no body for delete(2), ping(11), checkWatches(17),
 * removeWatches(18), auth(100), setWatches(101), setWatches2(105), closeSession(-11).
 *
 * <p>Special xids: -1 notification (body WatcherEvent, zxid the txn that fired it), -2 ping, -4 auth,
 * -8 setWatches.
 */
public final class ResponseCodec {
    private ResponseCodec() {
    }

    /** Encodes a reply frame, length prefix included; body may be null. */
    public static byte[] encode(ReplyHeader header, JuteRecord body) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        header.write(out);
        if (body != null) {
            body.write(out);
        }
        out.patchInt(0, out.size() - 4);
        return out.toByteArray();
    }

    /** A watch notification frame: ReplyHeader(-1, zxid, 0) and the event. */
    public static byte[] notification(long zxid, WatcherEvent event) {
        return encode(new ReplyHeader(Xid.NOTIFICATION, zxid, 0), event);
    }

    /** True for the known opcodes whose successful reply has no body. */
    public static boolean hasNoBody(int opcode) {
        return switch (opcode) {
            case OpCode.DELETE, OpCode.PING, OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES, OpCode.AUTH,
                    OpCode.SET_WATCHES, OpCode.SET_WATCHES2, OpCode.CLOSE_SESSION -> true;
            default -> false;
        };
    }

    /**
     * Reads the body of a successful (err 0) reply to a request of this opcode.
     *
     * @return the response record, or null for opcodes whose reply has no body
     * @throws UnknownOpCodeException for an opcode without a known reply
     * @throws io.warden.api.jute.JuteException when the body is truncated or malformed
     */
    public static JuteRecord decodeBody(int opcode, JuteInput in) {
        if (hasNoBody(opcode)) {
            return null;
        }
        return switch (opcode) {
            case OpCode.CREATE -> CreateResponse.read(in);
            case OpCode.CREATE2, OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER -> Create2Response.read(in);
            case OpCode.EXISTS -> ExistsResponse.read(in);
            case OpCode.GET_DATA, OpCode.RECONFIG -> GetDataResponse.read(in);
            case OpCode.SET_DATA, OpCode.CHECK -> SetDataResponse.read(in);
            case OpCode.GET_ACL -> GetACLResponse.read(in);
            case OpCode.SET_ACL -> SetACLResponse.read(in);
            case OpCode.GET_CHILDREN -> GetChildrenResponse.read(in);
            case OpCode.SYNC -> SyncResponse.read(in);
            case OpCode.GET_CHILDREN2 -> GetChildren2Response.read(in);
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiResponse.read(in);
            case OpCode.SASL -> SetSASLResponse.read(in);
            case OpCode.GET_EPHEMERALS -> GetEphemeralsResponse.read(in);
            case OpCode.GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberResponse.read(in);
            case OpCode.ADD_WATCH -> ErrorResponse.read(in);
            case OpCode.WHO_AM_I -> WhoAmIResponse.read(in);
            default -> throw new UnknownOpCodeException(opcode, 0);
        };
    }

    /**
     * Decodes a whole reply frame body (length prefix removed).
     *
     * @param opcodeForXid the opcode of the pending request with this xid (not called for notifications)
     */
    public static Reply decodeFrame(byte[] frameBody, IntUnaryOperator opcodeForXid) {
        JuteInput in = new JuteInput(frameBody);
        ReplyHeader header = ReplyHeader.read(in);
        if (header.xid() == Xid.NOTIFICATION) {
            return new Reply(header, WatcherEvent.read(in));
        }
        if (header.err() != 0) {
            return new Reply(header, null);
        }
        return new Reply(header, decodeBody(opcodeForXid.applyAsInt(header.xid()), in));
    }
}
