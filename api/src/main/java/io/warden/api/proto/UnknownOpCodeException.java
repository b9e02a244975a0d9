package io.warden.api.proto;

/**
 * A request whose opcode this codec does not know. The frame itself was well formed, so the server can
 * answer the request's xid with UNIMPLEMENTED and keep the connection.
 */
public final class UnknownOpCodeException extends RuntimeException {
    private final int opcode;
    private final int xid;

    public UnknownOpCodeException(int opcode, int xid) {
        super("unknown request opcode " + opcode + " (xid " + xid + ")");
        this.opcode = opcode;
        this.xid = xid;
    }

    public int opcode() {
        return opcode;
    }

    /** The xid of the request header, or 0 when the opcode was seen without a header. */
    public int xid() {
        return xid;
    }
}
