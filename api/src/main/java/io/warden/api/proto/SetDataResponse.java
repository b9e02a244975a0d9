// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code SetDataResponse}, byte-compatible with ZooKeeper's. */
public record SetDataResponse(Stat stat) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 68;

    @Override
    public void write(JuteOutput out) {
        stat.write(out);
    }

    public static SetDataResponse read(JuteInput in) {
        return new SetDataResponse(Stat.read(in));
    }
}
