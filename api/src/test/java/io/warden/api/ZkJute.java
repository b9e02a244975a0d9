package io.warden.api;

import io.warden.api.jute.JuteRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;

/** Test helper: ZooKeeper's own jute archives, for byte-for-byte comparisons. */
public final class ZkJute {
    private ZkJute() {
    }

    /** ZooKeeper's encoding of the records, one after another (nulls skipped). */
    public static byte[] bytes(Record... records) {
        try {
            ByteArrayOutputStream baos = new ByteArrayOutputStream();
            BinaryOutputArchive boa = BinaryOutputArchive.getArchive(baos);
            for (Record r : records) {
                if (r != null) {
                    r.serialize(boa, "r");
                }
            }
            return baos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ZooKeeper's records with a 4-byte length prefix, as ClientCnxn and ServerCnxn send them. */
    public static byte[] frame(Record... records) {
        byte[] body = bytes(records);
        return ByteBuffer.allocate(body.length + 4).putInt(body.length).put(body).array();
    }

    /** Decodes the bytes into a fresh ZooKeeper record. */
    public static <T extends Record> T read(byte[] bytes, T into) {
        try {
            into.deserialize(BinaryInputArchive.getArchive(new DataInputStream(new ByteArrayInputStream(bytes))), "r");
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] ours(JuteRecord... records) {
        io.warden.api.jute.JuteOutput out = new io.warden.api.jute.JuteOutput();
        for (JuteRecord r : records) {
            if (r != null) {
                r.write(out);
            }
        }
        return out.toByteArray();
    }
}
