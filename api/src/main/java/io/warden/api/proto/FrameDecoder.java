package io.warden.api.proto;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into ZooKeeper frames (4-byte big-endian length, then the body), whatever the
 * chunking: a frame may arrive split over many chunks, or many frames in one chunk.
 *
 * <p>The length is checked as ZooKeeper's server and client check it — {@code len < 0 || len > max}
 * is an error — before any buffer is allocated, so a hostile length cannot cause a large allocation.
 * After a {@link FrameException} the decoder is broken for good: a length-prefixed stream cannot be
 * resynchronised, so the connection has to be closed.
 *
 * <p>Not thread-safe: one decoder per connection, fed from one place.
 */
public final class FrameDecoder {
    private final int maxFrameLength;
    private final byte[] header = new byte[4];
    private int headerFilled;
    private byte[] body;
    private int bodyFilled;
    private FrameException failure;

    /** A decoder with ZooKeeper's default maximum, {@link Frames#DEFAULT_MAX_FRAME_LENGTH}. */
    public FrameDecoder() {
        this(Frames.DEFAULT_MAX_FRAME_LENGTH);
    }

    /** @param maxFrameLength the largest body length accepted (ZooKeeper's jute.maxbuffer) */
    public FrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must be >= 0, got " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** Feeds a chunk and returns the frame bodies it completed, in order. */
    public List<byte[]> feed(byte[] chunk) {
        List<byte[]> out = new ArrayList<>(1);
        feed(chunk, 0, chunk.length, out::add);
        return out;
    }

    /** Feeds the remaining bytes of the buffer (consuming them) and hands each completed body to the sink. */
    public void feed(ByteBuffer chunk, Consumer<byte[]> sink) {
        if (chunk.hasArray()) {
            int n = chunk.remaining();
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), n, sink);
            chunk.position(chunk.position() + n);
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            feed(copy, 0, copy.length, sink);
        }
    }

    /**
     * Feeds {@code len} bytes of {@code chunk} from {@code off} and hands each completed body to the sink.
     *
     * @throws FrameException if a frame advertises a length below 0 or above the maximum (then and on every later call)
     */
    public void feed(byte[] chunk, int off, int len, Consumer<byte[]> sink) {
        if (off < 0 || len < 0 || off + len > chunk.length) {
            throw new IndexOutOfBoundsException("bad slice off=" + off + " len=" + len + " of " + chunk.length);
        }
        if (failure != null) {
            throw failure;
        }
        int pos = off;
        int end = off + len;
        while (pos < end) {
            if (body == null) {
                int n = Math.min(4 - headerFilled, end - pos);
                System.arraycopy(chunk, pos, header, headerFilled, n);
                headerFilled += n;
                pos += n;
                if (headerFilled < 4) {
                    break;
                }
                int frameLength = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16)
                        | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                if (frameLength < 0 || frameLength > maxFrameLength) {
                    failure = new FrameException(frameLength, maxFrameLength);
                    throw failure;
                }
                body = new byte[frameLength];
                bodyFilled = 0;
            }
            int n = Math.min(body.length - bodyFilled, end - pos);
            System.arraycopy(chunk, pos, body, bodyFilled, n);
            bodyFilled += n;
            pos += n;
            if (bodyFilled == body.length) {
                byte[] done = body;
                body = null;
                headerFilled = 0;
                sink.accept(done);
            }
        }
    }

    /** True when no partial frame is buffered: the stream ended (or may end) on a frame boundary. */
    public boolean isAtFrameBoundary() {
        return body == null && headerFilled == 0;
    }

    /** Bytes of the current partial frame received so far, the length prefix included. */
    public int bufferedBytes() {
        return headerFilled + (body == null ? 0 : bodyFilled);
    }
}
