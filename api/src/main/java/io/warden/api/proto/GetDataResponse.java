// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code GetDataResponse}, byte-compatible with ZooKeeper's. */
public record GetDataResponse(byte[] data, Stat stat) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 72;

    @Override
    public void write(JuteOutput out) {
        out.writeBuffer(data);
        stat.write(out);
    }

    public static GetDataResponse read(JuteInput in) {
        return new GetDataResponse(in.readBuffer(), Stat.read(in));
    }
}
