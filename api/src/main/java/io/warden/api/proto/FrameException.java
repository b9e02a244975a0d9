package io.warden.api.proto;

/**
 * A byte stream that does not frame as ZooKeeper's protocol: an advertised length that is negative or
 * larger than the configured maximum. The connection that sent it must be closed; there is no way to
 * resynchronise a length-prefixed stream.
 */
public final class FrameException extends RuntimeException {
    private final int advertisedLength;

    public FrameException(int advertisedLength, int maxFrameLength) {
        super("Len error: a frame with advertised length " + advertisedLength
                + " is either malformed or too large to process (length must be between 0 and jute.maxbuffer="
                + maxFrameLength + ")");
        this.advertisedLength = advertisedLength;
    }

    /** The length the peer claimed, as read from the 4-byte prefix. */
    public int advertisedLength() {
        return advertisedLength;
    }
}
