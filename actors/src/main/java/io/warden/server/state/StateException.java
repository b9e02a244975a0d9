package io.warden.server.state;

import io.warden.api.proto.Code;

/** A request failed with a ZooKeeper error code; cheap (no stack trace), used only inside this package. */
final class StateException extends Exception {
    private final Code code;

    StateException(Code code) {
        super(code.name(), null, false, false);
        this.code = code;
    }

    Code code() {
        return code;
    }
}
