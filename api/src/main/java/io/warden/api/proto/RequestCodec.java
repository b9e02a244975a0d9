package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/**
 * Request frames after the handshake: a {@link RequestHeader} (xid, opcode) followed by the opcode's
 * request record, as the ZooKeeper 3.9 client and Curator send them.
 *
 * <p>Opcode → body: create(1), create2(15), createContainer(19) CreateRequest; delete(2) DeleteRequest;
 * exists(3) ExistsRequest; getData(4) GetDataRequest; setData(5) SetDataRequest; getACL(6) GetACLRequest;
 * setACL(7) SetACLRequest; getChildren(8) GetChildrenRequest; sync(9) SyncRequest; getChildren2(12)
 * GetChildren2Request; check(13) CheckVersionRequest; multi(14), multiRead(22) MultiRequest; reconfig(16)
 * ReconfigRequest; checkWatches(17) CheckWatchesRequest; removeWatches(18) RemoveWatchesRequest;
 * createTTL(21) CreateTTLRequest; auth(100) AuthPacket; setWatches(101) SetWatches; sasl(102)
 * GetSASLRequest; getEphemerals(103) GetEphemeralsRequest; getAllChildrenNumber(104)
 * GetAllChildrenNumberRequest; setWatches2(105) SetWatches2; addWatch(106) AddWatchRequest; and no body
 * for ping(11), whoAmI(107), closeSession(-11).
 *
 * <p>Bytes after the body are ignored, as ZooKeeper ignores them.
 */
public final class RequestCodec {
    private RequestCodec() {
    }

    /** True for every opcode {@link #decode} understands. */
    public static boolean isKnown(int opcode) {
        return hasNoBody(opcode) || bodyType(opcode) != null;
    }

    /** True for the known opcodes whose request has no body. */
    public static boolean hasNoBody(int opcode) {
        return opcode == OpCode.PING || opcode == OpCode.WHO_AM_I || opcode == OpCode.CLOSE_SESSION;
    }

    /**
     * Reads the request record of an opcode.
     *
     * @return the record, or null for ping, whoAmI and closeSession
     * @throws UnknownOpCodeException for an opcode not listed above (xid reported as 0)
     * @throws io.warden.api.jute.JuteException when the body is truncated or malformed
     */
    public static JuteRecord decode(int opcode, JuteInput in) {
        return decode(opcode, 0, in);
    }

    private static JuteRecord decode(int opcode, int xid, JuteInput in) {
        return switch (opcode) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in);
            case OpCode.DELETE -> DeleteRequest.read(in);
            case OpCode.EXISTS -> ExistsRequest.read(in);
            case OpCode.GET_DATA -> GetDataRequest.read(in);
            case OpCode.SET_DATA -> SetDataRequest.read(in);
            case OpCode.GET_ACL -> GetACLRequest.read(in);
            case OpCode.SET_ACL -> SetACLRequest.read(in);
            case OpCode.GET_CHILDREN -> GetChildrenRequest.read(in);
            case OpCode.SYNC -> SyncRequest.read(in);
            case OpCode.GET_CHILDREN2 -> GetChildren2Request.read(in);
            case OpCode.CHECK -> CheckVersionRequest.read(in);
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiRequest.read(in);
            case OpCode.RECONFIG -> ReconfigRequest.read(in);
            case OpCode.CHECK_WATCHES -> CheckWatchesRequest.read(in);
            case OpCode.REMOVE_WATCHES -> RemoveWatchesRequest.read(in);
            case OpCode.CREATE_TTL -> CreateTTLRequest.read(in);
            case OpCode.AUTH -> AuthPacket.read(in);
            case OpCode.SET_WATCHES -> SetWatches.read(in);
            case OpCode.SASL -> GetSASLRequest.read(in);
            case OpCode.GET_EPHEMERALS -> GetEphemeralsRequest.read(in);
            case OpCode.GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.read(in);
            case OpCode.SET_WATCHES2 -> SetWatches2.read(in);
            case OpCode.ADD_WATCH -> AddWatchRequest.read(in);
            case OpCode.PING, OpCode.WHO_AM_I, OpCode.CLOSE_SESSION -> null;
            default -> throw new UnknownOpCodeException(opcode, xid);
        };
    }

    /**
     * Decodes a whole request frame body (length prefix already removed).
     *
     * @throws UnknownOpCodeException with the header's xid, when the opcode is unknown
     * @throws io.warden.api.jute.JuteException when the header or body is truncated or malformed
     */
    public static Request decodeFrame(byte[] frameBody) {
        JuteInput in = new JuteInput(frameBody);
        RequestHeader header = RequestHeader.read(in);
        return new Request(header, decode(header.type(), header.xid(), in));
    }

    /**
     * Encodes a request frame, length prefix included.
     *
     * @param body the opcode's request record (a {@link MultiRequest} for multi and multiRead), or null for
     *             the opcodes without a body
     * @throws IllegalArgumentException when the body's type does not match the opcode
     */
    public static byte[] encode(RequestHeader header, JuteRecord body) {
        if (!isKnown(header.type())) {
            throw new UnknownOpCodeException(header.type(), header.xid());
        }
        Class<?> expected = bodyType(header.type());
        if (expected == null ? body != null : !expected.isInstance(body)) {
            throw new IllegalArgumentException("opcode " + OpCode.name(header.type()) + " takes "
                    + (expected == null ? "no body" : "a " + expected.getSimpleName()) + ", got "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        header.write(out);
        if (body != null) {
            body.write(out);
        }
        out.patchInt(0, out.size() - 4);
        return out.toByteArray();
    }

    /** The request record type of an opcode; null for the bodyless opcodes and for unknown ones. */
    private static Class<? extends JuteRecord> bodyType(int opcode) {
        return switch (opcode) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.class;
            case OpCode.DELETE -> DeleteRequest.class;
            case OpCode.EXISTS -> ExistsRequest.class;
            case OpCode.GET_DATA -> GetDataRequest.class;
            case OpCode.SET_DATA -> SetDataRequest.class;
            case OpCode.GET_ACL -> GetACLRequest.class;
            case OpCode.SET_ACL -> SetACLRequest.class;
            case OpCode.GET_CHILDREN -> GetChildrenRequest.class;
            case OpCode.SYNC -> SyncRequest.class;
            case OpCode.GET_CHILDREN2 -> GetChildren2Request.class;
            case OpCode.CHECK -> CheckVersionRequest.class;
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiRequest.class;
            case OpCode.RECONFIG -> ReconfigRequest.class;
            case OpCode.CHECK_WATCHES -> CheckWatchesRequest.class;
            case OpCode.REMOVE_WATCHES -> RemoveWatchesRequest.class;
            case OpCode.CREATE_TTL -> CreateTTLRequest.class;
            case OpCode.AUTH -> AuthPacket.class;
            case OpCode.SET_WATCHES -> SetWatches.class;
            case OpCode.SASL -> GetSASLRequest.class;
            case OpCode.GET_EPHEMERALS -> GetEphemeralsRequest.class;
            case OpCode.GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.class;
            case OpCode.SET_WATCHES2 -> SetWatches2.class;
            case OpCode.ADD_WATCH -> AddWatchRequest.class;
            default -> null;
        };
    }
}
