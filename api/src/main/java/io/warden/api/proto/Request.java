package io.warden.api.proto;

import io.warden.api.jute.JuteRecord;

/**
 * A decoded client request frame: the header and the body record, or a null body for the opcodes that
 * carry none (ping, whoAmI, closeSession). See {@link RequestCodec}.
 */
public record Request(RequestHeader header, JuteRecord body) {
    public int xid() {
        return header.xid();
    }

    public int opcode() {
        return header.type();
    }
}
