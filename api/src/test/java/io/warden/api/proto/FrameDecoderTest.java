package io.warden.api.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static byte[] lengthPrefix(int len) {
        return ByteBuffer.allocate(4).putInt(len).array();
    }

    private static List<byte[]> bodies(Random random, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[random.nextInt(5) == 0 ? 0 : random.nextInt(300)];
            random.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    private static byte[] stream(List<byte[]> bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.writeBytes(Frames.frame(b));
        }
        return out.toByteArray();
    }

    private static void assertSameFrames(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "frame count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "frame " + i);
        }
    }

    @Test
    void frameIsLengthThenBody() {
        assertArrayEquals(new byte[] {0, 0, 0, 3, 7, 8, 9}, Frames.frame(new byte[] {7, 8, 9}));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Frames.frame(new byte[0]));
    }

    @Test
    void wholeStreamInOneChunk() {
        List<byte[]> bodies = bodies(new Random(1), 50);
        FrameDecoder d = new FrameDecoder();
        assertSameFrames(bodies, d.feed(stream(bodies)));
        assertTrue(d.isAtFrameBoundary());
    }

    @Test
    void everySplitPointOfTwoFrames() {
        List<byte[]> bodies = List.of(new byte[] {1, 2, 3, 4, 5}, new byte[0], new byte[] {9});
        byte[] all = stream(bodies);
        for (int cut = 0; cut <= all.length; cut++) {
            FrameDecoder d = new FrameDecoder();
            List<byte[]> got = new ArrayList<>(d.feed(Arrays.copyOfRange(all, 0, cut)));
            got.addAll(d.feed(Arrays.copyOfRange(all, cut, all.length)));
            assertSameFrames(bodies, got);
            assertTrue(d.isAtFrameBoundary());
        }
    }

    @Test
    void oneByteAtATime() {
        List<byte[]> bodies = bodies(new Random(2), 20);
        byte[] all = stream(bodies);
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        for (byte b : all) {
            d.feed(new byte[] {b}, 0, 1, got::add);
        }
        assertSameFrames(bodies, got);
    }

    @Test
    void randomChunkingSeeded() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<byte[]> bodies = bodies(random, 1 + random.nextInt(10));
            byte[] all = stream(bodies);
            FrameDecoder d = new FrameDecoder();
            List<byte[]> got = new ArrayList<>();
            int pos = 0;
            while (pos < all.length) {
                int n = Math.min(all.length - pos, random.nextInt(64));
                // Feed from the middle of a larger array to exercise offsets.
                byte[] padded = new byte[n + 10];
                System.arraycopy(all, pos, padded, 5, n);
                d.feed(padded, 5, n, got::add);
                pos += n;
            }
            assertSameFrames(bodies, got);
        }
    }

    @Test
    void byteBufferFeedConsumesTheBuffer() {
        List<byte[]> bodies = bodies(new Random(4), 5);
        byte[] all = stream(bodies);
        for (ByteBuffer buf : List.of(ByteBuffer.wrap(all), ByteBuffer.allocateDirect(all.length).put(all).flip())) {
            FrameDecoder d = new FrameDecoder();
            List<byte[]> got = new ArrayList<>();
            d.feed(buf, got::add);
            assertEquals(0, buf.remaining());
            assertSameFrames(bodies, got);
        }
    }

    @Test
    void partialFrameIsReported() {
        FrameDecoder d = new FrameDecoder();
        assertTrue(d.feed(new byte[] {0, 0, 0, 10, 1, 2}).isEmpty());
        assertFalse(d.isAtFrameBoundary());
        assertEquals(6, d.bufferedBytes());
    }

    @Test
    void lengthEqualToMaxIsAcceptedAsZooKeeperDoes() {
        int max = 100;
        byte[] body = new byte[max];
        assertSameFrames(List.of(body), new FrameDecoder(max).feed(Frames.frame(body)));
        assertEquals(0xfffff, new FrameDecoder().maxFrameLength());
    }

    @Test
    void lengthAboveMaxIsAProtocolErrorBeforeAnyAllocation() {
        FrameException e = assertThrows(FrameException.class, () -> new FrameDecoder().feed(lengthPrefix(0xfffff + 1)));
        assertEquals(0xfffff + 1, e.advertisedLength());
        assertTrue(e.getMessage().contains("1048576") && e.getMessage().contains("jute.maxbuffer=1048575"), e.getMessage());
        // A huge length is refused from the prefix alone: no buffer of that size is ever made.
        assertThrows(FrameException.class, () -> new FrameDecoder().feed(lengthPrefix(Integer.MAX_VALUE)));
    }

    @Test
    void negativeLengthIsAProtocolError() {
        FrameException e = assertThrows(FrameException.class, () -> new FrameDecoder().feed(lengthPrefix(-1)));
        assertEquals(-1, e.advertisedLength());
        assertThrows(FrameException.class, () -> new FrameDecoder().feed(lengthPrefix(Integer.MIN_VALUE)));
    }

    @Test
    void framesBeforeABadLengthAreDeliveredAndTheDecoderStaysBroken() {
        byte[] good = Frames.frame(new byte[] {1});
        byte[] chunk = new byte[good.length + 4];
        System.arraycopy(good, 0, chunk, 0, good.length);
        System.arraycopy(lengthPrefix(-5), 0, chunk, good.length, 4);
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        FrameException first = assertThrows(FrameException.class, () -> d.feed(chunk, 0, chunk.length, got::add));
        assertSameFrames(List.of(new byte[] {1}), got);
        FrameException again = assertThrows(FrameException.class, () -> d.feed(Frames.frame(new byte[] {2})));
        assertSame(first, again);
    }

    @Test
    void badSliceIsRejected() {
        assertThrows(IndexOutOfBoundsException.class, () -> new FrameDecoder().feed(new byte[4], 2, 3, b -> { }));
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(-1));
    }
}
