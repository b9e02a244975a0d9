package io.warden.api.jute;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads ZooKeeper's jute binary encoding from a byte array, checking every length against what is
 * left so that malformed input fails with a {@link JuteException} instead of a huge allocation.
 */
public final class JuteInput {
    private final byte[] buf;
    private final int end;
    private int pos;

    public JuteInput(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public JuteInput(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("bad slice");
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    /**
     * When the next bytes repeat those at {@code [from, to)} of the same input (an earlier {@link #position()} range),
     * steps over them and says so: a reader that already decoded that range can reuse what it made of it. Otherwise
     * reads nothing.
     */
    public boolean skipRepeat(int from, int to) {
        int len = to - from;
        if (from < 0 || len < 0 || to > pos || end - pos < len || !Arrays.equals(buf, from, to, buf, pos, pos + len)) {
            return false;
        }
        pos += len;
        return true;
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new JuteException("truncated input: " + what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int readInt() {
        need(4, "int");
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readLong() {
        long hi = readInt() & 0xffffffffL;
        long lo = readInt() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public boolean readBool() {
        need(1, "boolean");
        return buf[pos++] != 0;
    }

    public byte[] readBuffer() {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        if (len < -1) {
            throw new JuteException("negative buffer length " + len);
        }
        need(len, "buffer");
        byte[] b = new byte[len];
        System.arraycopy(buf, pos, b, 0, len);
        pos += len;
        return b;
    }

    public String readString() {
        int len = readInt();
        if (len == -1) {
            return null;
        }
        if (len < -1) {
            throw new JuteException("negative string length " + len);
        }
        need(len, "string");
        if (isAscii(buf, pos, len)) {
            // Nearly every path and scheme is ASCII, which is valid UTF-8 as it stands: copied as Latin-1, the string
            // is made without a decoder, a char buffer and a second copy.
            String s = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
            pos += len;
            return s;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, len))
                    .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new JuteException("string is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] b, int from, int len) {
        for (int i = from, end = from + len; i < end; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private int readCount(int minElementBytes) {
        int n = readInt();
        if (n < -1) {
            throw new JuteException("negative vector length " + n);
        }
        // Each element takes at least minElementBytes, so a count larger than the rest is a lie.
        // Computed in long: a hostile count times the element size can overflow an int.
        if (n > 0 && (long) n * minElementBytes > remaining()) {
            throw new JuteException("truncated input: vector of " + n + " needs at least "
                    + ((long) n * minElementBytes) + " bytes, " + remaining() + " left");
        }
        return n;
    }

    public List<String> readStrings() {
        int n = readCount(4);
        if (n == -1) {
            return null;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString());
        }
        return out;
    }

    public <T> List<T> readRecords(Function<JuteInput, T> reader, int minElementBytes) {
        int n = readCount(Math.max(1, minElementBytes));
        if (n == -1) {
            return null;
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reader.apply(this));
        }
        return out;
    }
}
