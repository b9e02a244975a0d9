package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Vote;
import io.warden.server.zab.ZabMessage;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerSerializerTest {
    private final PeerSerializer serializer = new PeerSerializer(null);

    private static final Txn CREATE = new Txn(0x500000001L, 1_700_000_000_000L, 0x77, 3, OpCode.CREATE,
            List.of(new Id("ip", "127.0.0.1")), new CreateRequest("/a", new byte[] {1, 2}, Ids.OPEN_ACL_UNSAFE, 0));
    private static final Txn SET = new Txn(0x500000002L, 1_700_000_000_001L, 0x77, 4, OpCode.SET_DATA, List.of(),
            new SetDataRequest("/a", new byte[] {3}, 0));
    private static final Txn SESSION = new Txn(0x500000003L, 5, 0x78, 0, OpCode.CREATE_SESSION, List.of(),
            new CreateSessionTxn(30_000));

    /**
     * Through the byte-array API and through the buffer API Artery uses (written into a buffer already holding a
     * header, read back from one): both give the same bytes and the same message.
     */
    private Object roundTrip(PeerMessage m) throws NotSerializableException {
        byte[] bytes = serializer.toBinary(m);
        java.nio.ByteBuffer envelope = java.nio.ByteBuffer.allocate(bytes.length + 16);
        envelope.putLong(0x1234);
        serializer.toBinary(m, envelope);
        envelope.putLong(0x5678);
        envelope.flip().position(8).limit(8 + bytes.length);
        byte[] viaBuffer = new byte[bytes.length];
        envelope.duplicate().get(viaBuffer);
        assertArrayEquals(bytes, viaBuffer, "the buffer API writes the same bytes");
        Object fromBuffer = serializer.fromBinary(envelope, serializer.manifest(m));
        assertEquals(0, envelope.remaining(), "the buffer API reads the whole message");
        Object fromBytes = serializer.fromBinary(bytes, serializer.manifest(m));
        assertArrayEquals(bytes, serializer.toBinary(fromBuffer), "both reads give the same message");
        return fromBytes;
    }

    /** Txn bodies are records holding byte[]: compare them by their encoding. */
    private static void assertSameTxn(Txn a, Txn b) {
        assertArrayEquals(TxnCodec.encode(a), TxnCodec.encode(b));
    }

    @Test
    void everyMessageSurvivesTheTrip() throws Exception {
        List<PeerMessage> simple = List.of(
                new PeerMessage.ElectionVote(1, new Notification(new Vote(3, 0x500000007L, 5), 9, ServerState.LOOKING)),
                new PeerMessage.ElectionVote(2, new Notification(new Vote(3, 7, 5), 9, ServerState.LEADING)),
                new PeerMessage.SyncRequest(2, 0x77, 12, "/x"),
                new PeerMessage.SyncPoint(3, 0x77, 12, "/x", 0x500000009L),
                new PeerMessage.WriteRefused(3, 0x77, 13, -4));
        for (PeerMessage m : simple) {
            assertEquals(m, roundTrip(m));
        }
        List<ZabMessage> bodies = List.of(new ZabMessage.FollowerInfo(2, 4, 0x400000010L, 7), new ZabMessage.LeaderInfo(5, 7),
                new ZabMessage.AckEpoch(4, 0x400000010L), new ZabMessage.Trunc(0x400000008L), new ZabMessage.NewLeader(0x500000000L),
                new ZabMessage.AckNewLeader(0x500000000L), new ZabMessage.UpToDate(), new ZabMessage.Ack(0x500000001L),
                new ZabMessage.Commit(0x500000001L), new ZabMessage.Ping(), new ZabMessage.PingReply(),
                new ZabMessage.NotLeading(3, 7L << 16),
                new ZabMessage.Snap(0x500000000L, new byte[] {9, 8, 7}));
        for (ZabMessage body : bodies) {
            PeerMessage m = new PeerMessage.ZabPacket(1, new Packet(5, 42, body));
            assertEquals(m, roundTrip(m), body.toString());
        }
    }

    @Test
    void transactionsTravelInTheLogsOwnEncoding() throws Exception {
        var proposal = (PeerMessage.ZabPacket) roundTrip(
                new PeerMessage.ZabPacket(1, new Packet(5, 1, new ZabMessage.Proposal(CREATE.zxid(), CREATE))));
        assertSameTxn(CREATE, ((ZabMessage.Proposal) proposal.packet().body()).txn());

        var diff = (PeerMessage.ZabPacket) roundTrip(
                new PeerMessage.ZabPacket(1, new Packet(5, 2, new ZabMessage.Diff(List.of(CREATE, SET, SESSION)))));
        List<Txn> txns = ((ZabMessage.Diff) diff.packet().body()).txns();
        assertEquals(3, txns.size());
        assertSameTxn(SESSION, txns.get(2));

        var inform = (PeerMessage.ZabPacket) roundTrip(new PeerMessage.ZabPacket(1, new Packet(5, 3, new ZabMessage.Inform(SET))));
        assertSameTxn(SET, ((ZabMessage.Inform) inform.packet().body()).txn());

        var write = (PeerMessage.ForwardedWrite) roundTrip(new PeerMessage.ForwardedWrite(2, CREATE));
        assertEquals(2, write.from());
        assertSameTxn(CREATE, write.request());

        var touches = (PeerMessage.Touches) roundTrip(new PeerMessage.Touches(2, new long[] {5, 6}, new int[] {0, 4000}));
        assertArrayEquals(new long[] {5, 6}, touches.sessionIds());
        assertArrayEquals(new int[] {0, 4000}, touches.timeouts());
    }

    @Test
    void aBatchKeepsItsPacketsInOrder() throws Exception {
        PeerMessage m = new PeerMessage.ZabPackets(3, List.of(new Packet(5, 7, new ZabMessage.Ack(0x500000001L)),
                new Packet(5, 8, new ZabMessage.Ack(0x500000002L)), new Packet(5, 9, new ZabMessage.Commit(0x500000002L))));
        assertEquals(m, roundTrip(m));

        var proposals = (PeerMessage.ZabPackets) roundTrip(new PeerMessage.ZabPackets(1, List.of(
                new Packet(5, 1, new ZabMessage.Proposal(CREATE.zxid(), CREATE)),
                new Packet(5, 2, new ZabMessage.Proposal(SET.zxid(), SET)))));
        assertEquals(2, proposals.packets().size());
        assertEquals(2, proposals.packets().get(1).seq());
        assertSameTxn(SET, ((ZabMessage.Proposal) proposals.packets().get(1).body()).txn());
    }

    @Test
    void aMixedBatchKeepsPacketsAndWritesInOrder() throws Exception {
        var batch = (PeerMessage.Batch) roundTrip(new PeerMessage.Batch(2, List.of(
                new PeerMessage.ZabPacket(2, new Packet(5, 7, new ZabMessage.Ack(0x500000001L))),
                new PeerMessage.ForwardedWrite(2, SET),
                new PeerMessage.ZabPacket(2, new Packet(5, 8, new ZabMessage.Ack(0x500000002L))))));
        assertEquals(2, batch.from());
        assertEquals(3, batch.parts().size());
        assertEquals(new PeerMessage.ZabPacket(2, new Packet(5, 7, new ZabMessage.Ack(0x500000001L))), batch.parts().get(0));
        assertSameTxn(SET, ((PeerMessage.ForwardedWrite) batch.parts().get(1)).request());
        assertEquals(new PeerMessage.ZabPacket(2, new Packet(5, 8, new ZabMessage.Ack(0x500000002L))), batch.parts().get(2));

        byte[] good = serializer.toBinary(batch);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, "B"), "cut at " + cut);
        }
        assertThrows(IllegalArgumentException.class, () -> new PeerMessage.Batch(2, List.of(new PeerMessage.ForwardedWrite(3, SET))));
    }

    @Test
    void aBatchWithABadCountOrTruncatedIsRefused() throws Exception {
        PeerMessage m = new PeerMessage.ZabPackets(3, List.of(new Packet(5, 7, new ZabMessage.Ack(1)),
                new Packet(5, 8, new ZabMessage.Ack(2))));
        byte[] good = serializer.toBinary(m);
        String manifest = serializer.manifest(m);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, manifest), "cut at " + cut);
        }
        byte[] huge = good.clone();
        huge[8] = 0x7f; // the count's high byte, after the 8-byte sender id
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(huge, manifest));
    }

    @Test
    void aFragmentSurvivesTheTripAndABadOneIsRefused() throws Exception {
        var piece = (PeerMessage.Fragment) roundTrip(new PeerMessage.Fragment(2, "P", 10, 4, new byte[] {1, 2, 3}));
        assertEquals(2, piece.from());
        assertEquals("P", piece.manifest());
        assertEquals(10, piece.total());
        assertEquals(4, piece.offset());
        assertArrayEquals(new byte[] {1, 2, 3}, piece.bytes());

        byte[] good = serializer.toBinary(piece);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, "F"), "cut at " + cut);
        }
        // Its bytes would run past the total it names, or it has none: refused, not believed.
        byte[] past = serializer.toBinary(new PeerMessage.Fragment(2, "P", 10, 4, new byte[] {1, 2, 3}));
        past[8 + 4 + 1 + 3] = 5; // total 10 -> 5, after the sender, the manifest ("P") and the total's high bytes
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(past, "F"));
        byte[] none = serializer.toBinary(new PeerMessage.Fragment(2, "P", 10, 4, new byte[0]));
        Arrays.fill(none, none.length - 4, none.length, (byte) 0xff); // the buffer's length: -1, "null"
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(none, "F"));
    }

    @Test
    void malformedBytesAreRefusedNotHalfBelieved() throws Exception {
        PeerMessage m = new PeerMessage.ZabPacket(1, new Packet(5, 2, new ZabMessage.Diff(List.of(CREATE, SET))));
        byte[] good = serializer.toBinary(m);
        String manifest = serializer.manifest(m);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(NotSerializableException.class, () -> serializer.fromBinary(truncated, manifest), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(longer, manifest));
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(good, "nonsense"));

        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = good.clone();
            noise[random.nextInt(noise.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                serializer.fromBinary(noise, manifest);
            } catch (NotSerializableException expected) {
                // A flipped byte may still decode to some message; what it must never do is throw anything else.
            }
        }
    }
}
