package io.warden.api.proto;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.api.RecordGen;
import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile and broken request frames: each fails with a JuteException or UnknownOpCodeException, fast. */
class MalformedInputTest {

    private static byte[] frameBody(int xid, int opcode, io.warden.api.jute.JuteRecord body) {
        byte[] f = RequestCodec.encode(new RequestHeader(xid, opcode), body);
        return Arrays.copyOfRange(f, 4, f.length);
    }

    private static List<byte[]> sampleRequests() {
        List<byte[]> out = new ArrayList<>();
        out.add(frameBody(1, OpCode.CREATE, new CreateRequest("/a/b", new byte[] {1, 2, 3}, Ids.OPEN_ACL_UNSAFE, 0)));
        out.add(frameBody(2, OpCode.CREATE_TTL, new CreateTTLRequest("/t", null, List.of(new ACL(31, new Id("digest", "u:p"))), 5, 100)));
        out.add(frameBody(3, OpCode.SET_WATCHES2, new SetWatches2(9, List.of("/a"), List.of(), List.of("/b", "/c"), List.of(), List.of("/d"))));
        out.add(frameBody(4, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, new CreateRequest("/m", null, Ids.OPEN_ACL_UNSAFE, 0)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/m", 1))))));
        out.add(frameBody(5, OpCode.AUTH, new AuthPacket(0, "digest", "user:pw".getBytes())));
        out.add(frameBody(6, OpCode.SET_ACL, new SetACLRequest("/x", Ids.CREATOR_ALL_ACL, 3)));
        out.add(frameBody(7, OpCode.RECONFIG, new ReconfigRequest("server.1=a:1:2", null, null, -1)));
        return out;
    }

    @Test
    void everyTruncationOfEveryRequestIsAJuteException() {
        for (byte[] full : sampleRequests()) {
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(cut), "prefix of " + n + " bytes");
            }
        }
    }

    @Test
    void negativeLengthsAreJuteExceptions() {
        JuteOutput out = new JuteOutput();
        new RequestHeader(1, OpCode.GET_DATA).write(out);
        out.writeInt(-2);
        JuteException e = assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(out.toByteArray()));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());

        JuteOutput buf = new JuteOutput();
        new RequestHeader(1, OpCode.SET_DATA).write(buf);
        buf.writeString("/a");
        buf.writeInt(Integer.MIN_VALUE);
        assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(buf.toByteArray()));

        JuteOutput vec = new JuteOutput();
        new RequestHeader(1, OpCode.SET_WATCHES).write(vec);
        vec.writeLong(0);
        vec.writeInt(-7);
        assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(vec.toByteArray()));
    }

    @Test
    void hugeLengthsAndCountsFailWithoutAllocating() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // A string that claims 2 GiB.
            JuteOutput s = new JuteOutput();
            new RequestHeader(1, OpCode.GET_DATA).write(s);
            s.writeInt(Integer.MAX_VALUE);
            assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(s.toByteArray()));

            // Vectors whose counts exceed what the remaining bytes could hold.
            for (int count : new int[] {Integer.MAX_VALUE, 1 << 28, 3}) {
                JuteOutput v = new JuteOutput();
                new RequestHeader(1, OpCode.SET_WATCHES).write(v);
                v.writeLong(0);
                v.writeInt(count);
                v.writeString("/only-one");
                assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(v.toByteArray()), "count " + count);

                JuteOutput acl = new JuteOutput();
                new RequestHeader(1, OpCode.SET_ACL).write(acl);
                acl.writeString("/a");
                acl.writeInt(count);
                new ACL(1, new Id("world", "anyone")).write(acl);
                acl.writeInt(0);
                assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(acl.toByteArray()), "acl count " + count);
            }
        });
    }

    @Test
    void badUtf8IsAJuteException() {
        byte[][] bad = {
            {(byte) 0xff},                         // never valid
            {(byte) 0xc3},                         // truncated 2-byte sequence
            {(byte) 0xc0, (byte) 0xaf},            // overlong '/'
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a lone surrogate
            {'/', (byte) 0x80, 'a'},               // stray continuation byte
        };
        for (byte[] b : bad) {
            JuteOutput out = new JuteOutput();
            new RequestHeader(1, OpCode.EXISTS).write(out);
            out.writeBuffer(b);
            out.writeBool(false);
            assertThrows(JuteException.class, () -> RequestCodec.decodeFrame(out.toByteArray()), Arrays.toString(b));
        }
    }

    @Test
    void randomGarbageOnlyEverFailsCleanly() {
        Random random = new Random(42);
        int[] opcodes = {OpCode.CREATE, OpCode.DELETE, OpCode.SET_DATA, OpCode.SET_ACL, OpCode.MULTI, OpCode.MULTI_READ,
                OpCode.SET_WATCHES, OpCode.SET_WATCHES2, OpCode.CREATE_TTL, OpCode.AUTH, OpCode.RECONFIG, 12345};
        for (int i = 0; i < 20_000; i++) {
            JuteOutput out = new JuteOutput();
            new RequestHeader(i, opcodes[random.nextInt(opcodes.length)]).write(out);
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            // Small lengths now and then, so the decoder gets past the first field.
            if (junk.length >= 4 && random.nextBoolean()) {
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = 0;
                junk[3] = (byte) random.nextInt(8);
            }
            out.writeRaw(junk, 0, junk.length);
            try {
                RequestCodec.decodeFrame(out.toByteArray());
            } catch (JuteException | UnknownOpCodeException expected) {
                // clean failure
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + Arrays.toString(out.toByteArray()));
            }
        }
    }

    @Test
    void mutatedValidRequestsOnlyEverFailCleanly() {
        Random random = new Random(7);
        List<byte[]> samples = sampleRequests();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = samples.get(random.nextInt(samples.size())).clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            try {
                RequestCodec.decodeFrame(b);
            } catch (JuteException | UnknownOpCodeException expected) {
                // clean failure
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + Arrays.toString(b));
            }
        }
    }

    @Test
    void randomRecordsSurviveTheirOwnRoundTrip() {
        // A seeded sweep over multi op kinds through the frame codec, as a sanity check on the generators.
        RecordGen gen = new RecordGen(99);
        for (int i = 0; i < 200; i++) {
            CreateRequest c = gen.generate(CreateRequest.class);
            MultiRequest m = new MultiRequest(List.of(new MultiOp(OpCode.CREATE, c)));
            Request r = RequestCodec.decodeFrame(frameBody(i, OpCode.MULTI, m));
            assertTrue(RecordGen.deepEquals(m, r.body()));
        }
    }
}
