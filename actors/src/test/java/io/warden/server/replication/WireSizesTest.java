package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Ids;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.Txn;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ZabMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Peer cuts batches and fragments messages by these sizes: they must not fall below the real encoding. */
class WireSizesTest {
    private final PeerSerializer serializer = new PeerSerializer(null);

    private static Txn set(int i, int dataBytes) {
        return new Txn(0x500000000L + i, i, 0x77, i, OpCode.SET_DATA, List.of(),
                new SetDataRequest("/some/path/" + i, new byte[dataBytes], 3));
    }

    private void assertCovers(PeerMessage m) {
        int actual = serializer.toBinary(m).length;
        int reckoned = new WireSizes().of(m);
        assertTrue(reckoned >= actual, m.getClass().getSimpleName() + ": reckoned " + reckoned + " < actual " + actual);
        assertTrue(reckoned <= actual * 5 / 4 + 256, m.getClass().getSimpleName() + ": reckoned " + reckoned
                + " far above actual " + actual);
    }

    @Test
    void sizesCoverTheEncodingOfEveryLargeKind() {
        for (int data : new int[] {0, 100, 10_000, 1_000_000}) {
            Txn t = set(1, data);
            assertCovers(new PeerMessage.ZabPacket(1, new Packet(5, 1, new ZabMessage.Proposal(t.zxid(), t))));
            assertCovers(new PeerMessage.ZabPacket(1, new Packet(5, 1, new ZabMessage.Inform(t))));
            assertCovers(new PeerMessage.ForwardedWrite(2, t));
            assertCovers(new PeerMessage.ZabPacket(1, new Packet(5, 1, new ZabMessage.Snap(7, new byte[data]))));
        }
        List<Packet> proposals = new ArrayList<>();
        List<Txn> txns = new ArrayList<>();
        List<PeerMessage> parts = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            Txn t = i % 2 == 0 ? set(i, 30 * i)
                    : new Txn(0x500000000L + i, i, 0x77, i, OpCode.CREATE, List.of(),
                            new CreateRequest("/n" + i, new byte[7 * i], Ids.OPEN_ACL_UNSAFE, 0));
            proposals.add(new Packet(5, i, new ZabMessage.Proposal(t.zxid(), t)));
            txns.add(t);
            parts.add(new PeerMessage.ForwardedWrite(2, t));
            parts.add(new PeerMessage.ZabPacket(2, new Packet(5, i, new ZabMessage.Ack(t.zxid()))));
        }
        assertCovers(new PeerMessage.ZabPackets(1, proposals));
        assertCovers(new PeerMessage.ZabPacket(1, new Packet(5, 1, new ZabMessage.Diff(txns))));
        assertCovers(new PeerMessage.Batch(2, parts));
        assertCovers(new PeerMessage.Touches(2, new long[1000], new int[1000]));
        assertCovers(new PeerMessage.Fragment(2, "P", 1 << 20, 0, new byte[1 << 20]));
    }
}
