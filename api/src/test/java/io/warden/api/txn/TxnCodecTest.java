package io.warden.api.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.api.RecordGen;
import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TxnCodecTest {
    private static final List<Id> AUTH = List.of(new Id("ip", "127.0.0.1"), new Id("digest", "bob:abc="));

    static List<Txn> samples() {
        MultiRequest multi = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, new CreateRequest("/m", new byte[] {1}, Ids.OPEN_ACL_UNSAFE, 0)),
                new MultiOp(OpCode.CREATE_TTL, new CreateTTLRequest("/t", null, Ids.OPEN_ACL_UNSAFE, 5, 60_000)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/m", new byte[] {2}, 0)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/m", 1)),
                new MultiOp(OpCode.DELETE, new DeleteRequest("/m", -1))));
        long zxid = 0x300000001L;
        List<Txn> out = new ArrayList<>();
        out.add(new Txn(zxid++, 1_700_000_000_000L, 0x1000L, 1, OpCode.CREATE, AUTH, new CreateRequest("/a", new byte[] {1, 2}, Ids.OPEN_ACL_UNSAFE, 0)));
        out.add(new Txn(zxid++, 2, 0x1000L, 2, OpCode.CREATE2, List.of(), new CreateRequest("/b", null, Ids.CREATOR_ALL_ACL, 3)));
        out.add(new Txn(zxid++, 3, 0x1000L, 3, OpCode.CREATE_CONTAINER, List.of(), new CreateRequest("/c", new byte[0], Ids.OPEN_ACL_UNSAFE, 4)));
        out.add(new Txn(zxid++, 4, 0x1000L, 4, OpCode.CREATE_TTL, AUTH, new CreateTTLRequest("/d", new byte[] {9}, Ids.OPEN_ACL_UNSAFE, 5, 1000)));
        out.add(new Txn(zxid++, 5, 0x1000L, 5, OpCode.DELETE, List.of(), new DeleteRequest("/a", 0)));
        out.add(new Txn(zxid++, 6, 0L, 0, OpCode.DELETE_CONTAINER, List.of(), new DeleteRequest("/c", -1)));
        out.add(new Txn(zxid++, 7, 0x1000L, 6, OpCode.SET_DATA, List.of(), new SetDataRequest("/b", new byte[1000], 3)));
        out.add(new Txn(zxid++, 8, 0x1000L, 7, OpCode.SET_ACL, AUTH, new SetACLRequest("/b", List.of(new ACL(1, new Id("world", "anyone"))), 0)));
        out.add(new Txn(zxid++, 9, 0x1000L, 8, OpCode.CHECK, List.of(), new CheckVersionRequest("/b", 0)));
        out.add(new Txn(zxid++, 10, 0x1000L, 9, OpCode.MULTI, AUTH, multi));
        out.add(new Txn(zxid++, 11, 0x2000L, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(30_000)));
        out.add(new Txn(zxid++, 12, 0x2000L, 10, OpCode.CLOSE_SESSION, List.of(), null));
        out.add(new Txn(zxid, 13, 0x2000L, 11, OpCode.CLOSE_SESSION, null, null));
        return out;
    }

    @Test
    void everyTypeRoundTrips() {
        for (Txn t : samples()) {
            byte[] bytes = TxnCodec.encode(t);
            Txn back = TxnCodec.decode(bytes);
            assertTrue(RecordGen.deepEquals(t, back), () -> back + " vs " + t);
            assertArrayEquals(bytes, TxnCodec.encode(back));
        }
    }

    @Test
    void layoutIsHeaderAuthThenBody() {
        Txn t = new Txn(0x0102030405060708L, 99, 0x77, 5, OpCode.DELETE, List.of(new Id("ip", "1.2.3.4")), new DeleteRequest("/x", 2));
        JuteOutput expected = new JuteOutput();
        expected.writeLong(0x0102030405060708L).writeLong(99).writeLong(0x77).writeInt(5).writeInt(OpCode.DELETE);
        expected.writeRecords(List.of(new Id("ip", "1.2.3.4")));
        new DeleteRequest("/x", 2).write(expected);
        assertArrayEquals(expected.toByteArray(), TxnCodec.encode(t));
    }

    @Test
    void randomBodiesRoundTrip() {
        RecordGen gen = new RecordGen(5);
        for (int i = 0; i < 300; i++) {
            Txn t = new Txn(i, i * 3L, i * 5L, i, OpCode.SET_ACL, List.of(gen.generate(Id.class)), gen.generate(SetACLRequest.class));
            assertTrue(RecordGen.deepEquals(t, TxnCodec.decode(TxnCodec.encode(t))));
        }
    }

    @Test
    void readLeavesWhatFollows() {
        JuteOutput out = new JuteOutput();
        for (Txn t : samples()) {
            TxnCodec.write(t, out);
        }
        JuteInput in = new JuteInput(out.toByteArray());
        for (Txn t : samples()) {
            assertTrue(RecordGen.deepEquals(t, TxnCodec.read(in)));
        }
        assertEquals(0, in.remaining());
    }

    @Test
    void everyTruncationIsAJuteException() {
        for (Txn t : samples()) {
            byte[] full = TxnCodec.encode(t);
            for (int n = 0; n < full.length; n++) {
                int len = n;
                assertThrows(JuteException.class, () -> TxnCodec.decode(full, 0, len), t.type() + " cut at " + n);
            }
        }
    }

    @Test
    void trailingBytesAreCorruption() {
        byte[] full = TxnCodec.encode(samples().get(0));
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        JuteException e = assertThrows(JuteException.class, () -> TxnCodec.decode(longer));
        assertTrue(e.getMessage().contains("1 bytes left"), e.getMessage());
    }

    @Test
    void unknownTypeIsCorruption() {
        for (int type : new int[] {OpCode.GET_DATA, OpCode.PING, OpCode.ERROR, 777}) {
            JuteOutput out = new JuteOutput();
            out.writeLong(1).writeLong(2).writeLong(3).writeInt(4).writeInt(type).writeRecords(List.<Id>of());
            JuteException e = assertThrows(JuteException.class, () -> TxnCodec.decode(out.toByteArray()));
            assertTrue(e.getMessage().contains("unknown type " + type), e.getMessage());
        }
    }

    @Test
    void multiTxnWithAReadOpIsCorruption() {
        MultiRequest reads = new MultiRequest(List.of(new MultiOp(OpCode.GET_DATA, new GetDataRequest("/a", false))));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.MULTI, List.of(), reads)));
        JuteOutput out = new JuteOutput();
        out.writeLong(1).writeLong(2).writeLong(3).writeInt(4).writeInt(OpCode.MULTI).writeRecords(List.<Id>of());
        reads.write(out);
        assertThrows(JuteException.class, () -> TxnCodec.decode(out.toByteArray()));
    }

    @Test
    void encodeRejectsABodyThatDoesNotMatchTheType() {
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.CREATE, List.of(), new DeleteRequest("/a", 1))));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.CLOSE_SESSION, List.of(), new CreateSessionTxn(1))));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.CREATE_SESSION, List.of(), null)));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.GET_DATA, List.of(), new GetDataRequest("/a", false))));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new Txn(1, 1, 1, 1, OpCode.CREATE_TTL, List.of(), new CreateRequest("/a", null, null, 0))));
    }

    @Test
    void bitFlipsOnlyEverFailCleanly() {
        Random random = new Random(11);
        List<byte[]> encoded = samples().stream().map(TxnCodec::encode).toList();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = encoded.get(random.nextInt(encoded.size())).clone();
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                TxnCodec.decode(b);
            } catch (JuteException expected) {
                // clean failure; a flip inside data or a number may also decode to another valid txn
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + Arrays.toString(b));
            }
        }
    }
}
