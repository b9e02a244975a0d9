package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/**
 * A multi (opcode 14) or multiRead (opcode 22) request: ops in order. The request header's opcode says
 * which; the encoding is the same. The codec lives in {@link MultiCodec}.
 */
public record MultiRequest(List<MultiOp> ops) implements JuteRecord {
    /** The terminating header alone. */
    public static final int MIN_BYTES = MultiHeader.MIN_BYTES;

    @Override
    public void write(JuteOutput out) {
        MultiCodec.writeRequest(this, out);
    }

    public static MultiRequest read(JuteInput in) {
        return MultiCodec.readRequest(in);
    }
}
