package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of a multi or multiRead, one per op, in order. The codec lives in {@link MultiCodec}.
 *
 * <p>A multi that fails is still answered with ReplyHeader err 0 (OK): the official client decodes the
 * body only when the header's err is 0, and finds the failure in the results (see {@link #failed}).
 */
public record MultiResponse(List<MultiOpResult> results) implements JuteRecord {
    /** The terminating header alone. */
    public static final int MIN_BYTES = MultiHeader.MIN_BYTES;

    @Override
    public void write(JuteOutput out) {
        MultiCodec.writeResponse(this, out);
    }

    public static MultiResponse read(JuteInput in) {
        return MultiCodec.readResponse(in);
    }

    /**
     * The response ZooKeeper gives to a multi (transaction) whose op {@code failedIndex} failed with
     * {@code code}: every result is an error result — 0 (OK) for the ops before it, {@code code} for it,
     * and RUNTIMEINCONSISTENCY (-2) for the ops after it.
     */
    public static MultiResponse failed(int opCount, int failedIndex, int code) {
        if (failedIndex < 0 || failedIndex >= opCount) {
            throw new IllegalArgumentException("failedIndex " + failedIndex + " out of range for " + opCount + " ops");
        }
        List<MultiOpResult> results = new ArrayList<>(opCount);
        for (int i = 0; i < opCount; i++) {
            int err = i < failedIndex ? Code.OK.intValue() : i == failedIndex ? code : Code.RUNTIMEINCONSISTENCY.intValue();
            results.add(MultiOpResult.error(err));
        }
        return new MultiResponse(List.copyOf(results));
    }
}
