package io.warden.server.frontend;

import io.warden.api.proto.OpCode;

/** Where a request is served, which decides what it must wait for to keep the session's order. */
enum RequestKind {
    /** Ordered by the leader: CREATE, DELETE, SET_DATA, MULTI, ... (logged), and SYNC (which only waits its turn). */
    WRITE,
    /** Served by the local state machine: reads, watch management, ping, sync. */
    READ,
    /** Answered by the connection itself: auth, whoAmI, sasl, reconfig, unknown opcodes. */
    LOCAL;

    static RequestKind of(int opcode) {
        return switch (opcode) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE, OpCode.SET_DATA,
                 OpCode.SET_ACL, OpCode.CHECK, OpCode.MULTI, OpCode.CLOSE_SESSION, OpCode.SYNC -> WRITE;
            case OpCode.EXISTS, OpCode.GET_DATA, OpCode.GET_ACL, OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2,
                 OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.GET_EPHEMERALS, OpCode.MULTI_READ, OpCode.CHECK_WATCHES,
                 OpCode.REMOVE_WATCHES, OpCode.ADD_WATCH, OpCode.SET_WATCHES, OpCode.SET_WATCHES2, OpCode.PING -> READ;
            default -> LOCAL;
        };
    }
}
