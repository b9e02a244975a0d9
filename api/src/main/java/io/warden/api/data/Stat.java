// Record shape as in ZooKeeper's zookeeper.jute (module data).
package io.warden.api.data;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Jute record {@code Stat}, byte-compatible with ZooKeeper's. */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) implements JuteRecord {
    /** The fewest bytes an encoding of this record can take. */
    public static final int MIN_BYTES = 68;

    @Override
    public void write(JuteOutput out) {
        out.writeLong(czxid);
        out.writeLong(mzxid);
        out.writeLong(ctime);
        out.writeLong(mtime);
        out.writeInt(version);
        out.writeInt(cversion);
        out.writeInt(aversion);
        out.writeLong(ephemeralOwner);
        out.writeInt(dataLength);
        out.writeInt(numChildren);
        out.writeLong(pzxid);
    }

    public static Stat read(JuteInput in) {
        return new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt(), in.readLong());
    }
}
