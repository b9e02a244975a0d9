package io.warden.server.replication;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The binary form of the epochs' events and snapshots in the journal: a one-letter manifest and the epochs as
 * big-endian longs. Kept stable across releases, since a server reads what an older one wrote.
 */
public final class EpochsSerializer extends SerializerWithStringManifest {
    private static final String ACCEPTED = "A";
    private static final String CURRENT = "C";
    private static final String PROMISES = "P";

    @Override
    public int identifier() {
        return 0x5745_5043; // "WEPC"
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof Epochs.AcceptedEpochRaised) {
            return ACCEPTED;
        } else if (o instanceof Epochs.CurrentEpochRaised) {
            return CURRENT;
        } else if (o instanceof Epochs.Promises) {
            return PROMISES;
        }
        throw new IllegalArgumentException("not an epochs record: " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof Epochs.AcceptedEpochRaised a) {
            return ByteBuffer.allocate(8).putLong(a.epoch()).array();
        } else if (o instanceof Epochs.CurrentEpochRaised c) {
            return ByteBuffer.allocate(8).putLong(c.epoch()).array();
        } else if (o instanceof Epochs.Promises p) {
            return ByteBuffer.allocate(16).putLong(p.accepted()).putLong(p.current()).array();
        }
        throw new IllegalArgumentException("not an epochs record: " + o.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int expected = PROMISES.equals(manifest) ? 16 : 8;
        if (bytes.length != expected) {
            throw new NotSerializableException("epochs record '" + manifest + "' of " + bytes.length + " bytes");
        }
        return switch (manifest) {
            case ACCEPTED -> new Epochs.AcceptedEpochRaised(in.getLong());
            case CURRENT -> new Epochs.CurrentEpochRaised(in.getLong());
            case PROMISES -> new Epochs.Promises(in.getLong(), in.getLong());
            default -> throw new NotSerializableException("unknown epochs manifest '" + manifest + "'");
        };
    }
}
