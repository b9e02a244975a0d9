// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code SetWatches}, byte-compatible with ZooKeeper's. */
public record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches, List<String> childWatches) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 20;

    @Override
    public void write(JuteOutput out) {
        out.writeLong(relativeZxid);
        out.writeStrings(dataWatches);
        out.writeStrings(existWatches);
        out.writeStrings(childWatches);
    }

    public static SetWatches read(JuteInput in) {
        return new SetWatches(in.readLong(), in.readStrings(), in.readStrings(), in.readStrings());
    }
}
