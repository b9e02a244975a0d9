package io.warden.api.proto;

import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/**
 * ZooKeeper's framing: every packet on a client connection is a 4-byte big-endian length followed by
 * that many bytes. Both directions use it, the handshake included.
 *
 * <p>With Pekko Streams' {@code Framing.lengthField(4, 0, max, BIG_ENDIAN)}: its maximum counts the
 * length field too and its frames keep it, so pass {@code maxBody + HEADER_LENGTH} to accept exactly
 * what ZooKeeper accepts, and drop the first {@link #HEADER_LENGTH} bytes of each frame.
 */
public final class Frames {
    /** The length prefix: a big-endian int. */
    public static final int HEADER_LENGTH = 4;

    /**
     * ZooKeeper's default {@code jute.maxbuffer} (0xfffff = 1048575 bytes). Server and client both reject
     * a frame whose advertised length is greater than this; a frame of exactly this length is accepted.
     */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 0xfffff;

    private Frames() {
    }

    /** The body with its length prefix. */
    public static byte[] frame(byte[] body) {
        byte[] out = new byte[body.length + 4];
        writeLength(out, body.length);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /** The records, written one after another, with one length prefix in front; null records are skipped. */
    public static byte[] frame(JuteRecord... records) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        for (JuteRecord r : records) {
            if (r != null) {
                r.write(out);
            }
        }
        out.patchInt(0, out.size() - 4);
        return out.toByteArray();
    }

    private static void writeLength(byte[] out, int len) {
        out[0] = (byte) (len >>> 24);
        out[1] = (byte) (len >>> 16);
        out[2] = (byte) (len >>> 8);
        out[3] = (byte) len;
    }
}
