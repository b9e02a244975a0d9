// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code SetWatches2}, byte-compatible with ZooKeeper's. */
public record SetWatches2(long relativeZxid, List<String> dataWatches, List<String> existWatches, List<String> childWatches, List<String> persistentWatches, List<String> persistentRecursiveWatches) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 28;

    @Override
    public void write(JuteOutput out) {
        out.writeLong(relativeZxid);
        out.writeStrings(dataWatches);
        out.writeStrings(existWatches);
        out.writeStrings(childWatches);
        out.writeStrings(persistentWatches);
        out.writeStrings(persistentRecursiveWatches);
    }

    public static SetWatches2 read(JuteInput in) {
        return new SetWatches2(in.readLong(), in.readStrings(), in.readStrings(), in.readStrings(), in.readStrings(), in.readStrings());
    }
}
