// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code GetEphemeralsResponse}, byte-compatible with ZooKeeper's. */
public record GetEphemeralsResponse(List<String> ephemerals) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 4;

    @Override
    public void write(JuteOutput out) {
        out.writeStrings(ephemerals);
    }

    public static GetEphemeralsResponse read(JuteInput in) {
        return new GetEphemeralsResponse(in.readStrings());
    }
}
