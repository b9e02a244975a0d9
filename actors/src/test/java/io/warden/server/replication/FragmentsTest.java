package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.Txn;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ZabMessage;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentsTest {
    private final PeerSerializer serializer = new PeerSerializer(null);

    private static PeerMessage.ZabPacket snapshot(long from, int bytes, long seed) {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        return new PeerMessage.ZabPacket(from, new Packet(5, 3, new ZabMessage.Snap(0x500000010L, data)));
    }

    /** As the transport carries it: encoded and decoded by the peer serializer. */
    private PeerMessage.Fragment carried(PeerMessage.Fragment f) throws NotSerializableException {
        byte[] bytes = serializer.toBinary(f);
        assertTrue(bytes.length <= Fragments.MAX_BYTES + 64, "a piece fits a frame with room to spare");
        return (PeerMessage.Fragment) serializer.fromBinary(bytes, serializer.manifest(f));
    }

    @Test
    void aSnapshotLargerThanAFrameArrivesWholeFromItsPieces() throws Exception {
        PeerMessage.ZabPacket snap = snapshot(1, 3 * Fragments.MAX_BYTES + 12_345, 1);
        List<PeerMessage.Fragment> pieces = Fragments.split(snap, Fragments.MAX_BYTES, 0);
        assertEquals(4, pieces.size());

        Fragments receiver = new Fragments();
        PeerMessage whole = null;
        for (int i = 0; i < pieces.size(); i++) {
            whole = receiver.accept(carried(pieces.get(i)));
            if (i < pieces.size() - 1) {
                assertNull(whole, "nothing before the last piece");
            }
        }
        assertEquals(snap, whole);
    }

    @Test
    void aLongDiffArrivesWhole() throws Exception {
        List<Txn> txns = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            txns.add(new Txn(0x500000000L + i, i, 0x77, i, OpCode.SET_DATA, List.of(),
                    new SetDataRequest("/k" + i, new byte[100_000], i - 1)));
        }
        PeerMessage diff = new PeerMessage.ZabPacket(1, new Packet(5, 2, new ZabMessage.Diff(txns)));
        Fragments receiver = new Fragments();
        PeerMessage whole = null;
        for (PeerMessage.Fragment f : Fragments.split(diff, Fragments.MAX_BYTES, 0)) {
            whole = receiver.accept(carried(f));
        }
        assertArrayEquals(serializer.toBinary(diff), serializer.toBinary(whole));
    }

    @Test
    void aMissingPieceLosesItsMessageButNotTheNext() throws Exception {
        Fragments receiver = new Fragments();
        List<PeerMessage.Fragment> first =
                Fragments.split(snapshot(1, 3 * Fragments.MAX_BYTES, 2), Fragments.MAX_BYTES, 0);
        assertNull(receiver.accept(first.get(0)));
        // first.get(1) is lost on the way
        assertNull(receiver.accept(first.get(2)), "a piece that does not continue the message is dropped with it");

        PeerMessage.ZabPacket next = snapshot(1, 2 * Fragments.MAX_BYTES + 1, 3);
        PeerMessage whole = null;
        for (PeerMessage.Fragment f : Fragments.split(next, Fragments.MAX_BYTES, 3 * Fragments.MAX_BYTES)) {
            whole = receiver.accept(f);
        }
        assertEquals(next, whole);
    }

    @Test
    void piecesFromTwoSendersDoNotMix() throws Exception {
        PeerMessage.ZabPacket a = snapshot(1, 2 * Fragments.MAX_BYTES + 7, 4);
        PeerMessage.ZabPacket b = snapshot(2, 2 * Fragments.MAX_BYTES + 9, 5);
        List<PeerMessage.Fragment> pa = Fragments.split(a, Fragments.MAX_BYTES, 0);
        List<PeerMessage.Fragment> pb = Fragments.split(b, Fragments.MAX_BYTES, 0);
        Fragments receiver = new Fragments();
        List<PeerMessage> done = new ArrayList<>();
        for (int i = 0; i < pa.size(); i++) {
            PeerMessage x = receiver.accept(pa.get(i));
            PeerMessage y = receiver.accept(pb.get(i));
            if (x != null) {
                done.add(x);
            }
            if (y != null) {
                done.add(y);
            }
        }
        assertEquals(List.of(a, b), done);
    }

    @Test
    void aPeerThatLiesAboutTheSizeGetsNoHugeBufferAndNoMessage() throws Exception {
        Fragments receiver = new Fragments();
        // Claims 2 GiB, sends 10 bytes: the receiver holds what arrived (and a little room), not what was claimed.
        assertNull(receiver.accept(new PeerMessage.Fragment(1, "P", Integer.MAX_VALUE, 0, new byte[10])));
        assertNull(receiver.accept(new PeerMessage.Fragment(1, "P", Integer.MAX_VALUE, 10, new byte[10])));

        // Whole, but not a message of the kind it names: refused.
        byte[] noise = new byte[50];
        new Random(6).nextBytes(noise);
        assertThrows(NotSerializableException.class,
                () -> receiver.accept(new PeerMessage.Fragment(1, "P", noise.length, 0, noise)));
        assertThrows(NotSerializableException.class,
                () -> receiver.accept(new PeerMessage.Fragment(1, "nonsense", 8, 0, new byte[8])));
    }
}
