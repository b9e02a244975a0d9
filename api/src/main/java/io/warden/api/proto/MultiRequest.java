package io.warden.api.proto;

import java.util.List;

/** A multi (opcode 14) or multiRead (opcode 22) request: ops in order. The codec lives in {@link MultiCodec}. */
public record MultiRequest(List<MultiOp> ops) {
}
