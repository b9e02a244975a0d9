// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code GetChildren2Response}, byte-compatible with ZooKeeper's. */
public record GetChildren2Response(List<String> children, Stat stat) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 72;

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(children);
        stat.write(out);
    }

    public static GetChildren2Response read(JuteInput in) {
        return new GetChildren2Response(in.readStrings(), Stat.read(in));
    }
}
