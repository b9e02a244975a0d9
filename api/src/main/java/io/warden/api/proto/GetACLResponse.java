// Record shape as in ZooKeeper's zookeeper.jute (module proto).
package io.warden.api.proto;

import io.warden.api.data.ACL;
import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code GetACLResponse}, byte-compatible with ZooKeeper's. */
public record GetACLResponse(List<ACL> acl, Stat stat) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 72;

    @Override
    public void write(JuteOutput out) {
        out.writeRecords(acl);
        stat.write(out);
    }

    public static GetACLResponse read(JuteInput in) {
        return new GetACLResponse(in.readRecords(ACL::read, 12), Stat.read(in));
    }
}
