package io.warden.api.jute;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Writes ZooKeeper's jute binary encoding: big-endian, length-prefixed strings and buffers, -1 for null. */
public final class JuteOutput {
    private byte[] buf;
    private int pos;

    public JuteOutput() {
        this(256);
    }

    public JuteOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    public JuteOutput writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public JuteOutput writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public JuteOutput writeBool(boolean v) {
        ensure(1);
        buf[pos++] = (byte) (v ? 1 : 0);
        return this;
    }

    public JuteOutput writeString(String s) {
        if (s == null) {
            return writeInt(-1);
        }
        // Paths and schemes are nearly always ASCII, whose UTF-8 is its chars: written in place, with no byte array
        // made for each string; anything else is encoded as UTF-8.
        int n = s.length();
        ensure(4 + n);
        int at = pos + 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return writeBuffer(s.getBytes(StandardCharsets.UTF_8));
            }
            buf[at + i] = (byte) c;
        }
        writeInt(n);
        pos += n;
        return this;
    }

    public JuteOutput writeBuffer(byte[] b) {
        if (b == null) {
            return writeInt(-1);
        }
        writeInt(b.length);
        return writeRaw(b, 0, b.length);
    }

    public JuteOutput writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    public JuteOutput writeStrings(List<String> v) {
        if (v == null) {
            return writeInt(-1);
        }
        writeInt(v.size());
        for (String s : v) {
            writeString(s);
        }
        return this;
    }

    public <T extends JuteRecord> JuteOutput writeRecords(List<T> v) {
        if (v == null) {
            return writeInt(-1);
        }
        writeInt(v.size());
        for (T r : v) {
            r.write(this);
        }
        return this;
    }

    public JuteOutput writeRecord(JuteRecord r) {
        r.write(this);
        return this;
    }

    /** Overwrites 4 bytes at an earlier position, e.g. to fill in a length prefix. */
    public void patchInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public int size() {
        return pos;
    }

    /** Bytes it can hold before it grows. */
    public int capacity() {
        return buf.length;
    }

    /** Empties it for reuse, keeping its buffer. */
    public void reset() {
        pos = 0;
    }

    /** Puts what was written into {@code dst}, without an intermediate array. */
    public void writeTo(ByteBuffer dst) {
        dst.put(buf, 0, pos);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /**
     * As {@link #toByteArray()}, but when the bytes fill the buffer exactly (it was sized for them) the buffer itself
     * is handed over instead of a copy, and this output starts again empty.
     */
    public byte[] takeBytes() {
        if (pos != buf.length) {
            return toByteArray();
        }
        byte[] b = buf;
        buf = new byte[16];
        pos = 0;
        return b;
    }
}
