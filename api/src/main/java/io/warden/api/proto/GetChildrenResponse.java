// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code GetChildrenResponse}, byte-compatible with ZooKeeper's. */
public record GetChildrenResponse(List<String> children) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 4;

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(children);
    }

    public static GetChildrenResponse read(JuteInput in) {
        return new GetChildrenResponse(in.readStrings());
    }
}
