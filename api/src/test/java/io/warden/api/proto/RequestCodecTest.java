package io.warden.api.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.RecordGen;
import io.warden.api.ZkJute;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request frames as the ZooKeeper 3.9 client writes them (length, RequestHeader, body). */
class RequestCodecTest {

    /** Every opcode with a body, and the record ZooKeeper's client puts after the header. */
    static Stream<Arguments> opcodesWithBodies() {
        Map<Integer, Class<? extends Record>> m = Map.ofEntries(
                Map.entry(ZooDefs.OpCode.create, CreateRequest.class),
                Map.entry(ZooDefs.OpCode.delete, DeleteRequest.class),
                Map.entry(ZooDefs.OpCode.exists, ExistsRequest.class),
                Map.entry(ZooDefs.OpCode.getData, GetDataRequest.class),
                Map.entry(ZooDefs.OpCode.setData, SetDataRequest.class),
                Map.entry(ZooDefs.OpCode.getACL, GetACLRequest.class),
                Map.entry(ZooDefs.OpCode.setACL, SetACLRequest.class),
                Map.entry(ZooDefs.OpCode.getChildren, GetChildrenRequest.class),
                Map.entry(ZooDefs.OpCode.sync, SyncRequest.class),
                Map.entry(ZooDefs.OpCode.getChildren2, GetChildren2Request.class),
                Map.entry(ZooDefs.OpCode.check, CheckVersionRequest.class),
                Map.entry(ZooDefs.OpCode.create2, CreateRequest.class),
                Map.entry(ZooDefs.OpCode.reconfig, ReconfigRequest.class),
                Map.entry(ZooDefs.OpCode.checkWatches, CheckWatchesRequest.class),
                Map.entry(ZooDefs.OpCode.removeWatches, RemoveWatchesRequest.class),
                Map.entry(ZooDefs.OpCode.createContainer, CreateRequest.class),
                Map.entry(ZooDefs.OpCode.createTTL, CreateTTLRequest.class),
                Map.entry(ZooDefs.OpCode.auth, AuthPacket.class),
                Map.entry(ZooDefs.OpCode.setWatches, SetWatches.class),
                Map.entry(ZooDefs.OpCode.sasl, GetSASLRequest.class),
                Map.entry(ZooDefs.OpCode.getEphemerals, GetEphemeralsRequest.class),
                Map.entry(ZooDefs.OpCode.getAllChildrenNumber, GetAllChildrenNumberRequest.class),
                Map.entry(ZooDefs.OpCode.setWatches2, SetWatches2.class),
                Map.entry(ZooDefs.OpCode.addWatch, AddWatchRequest.class));
        return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "opcode {0}")
    @MethodSource("opcodesWithBodies")
    void sameFrameAsZooKeeperClient(int opcode, Class<? extends Record> bodyType) {
        RecordGen gen = new RecordGen(opcode);
        for (int round = 0; round < 50; round++) {
            int xid = round * 7919 - 100;
            JuteRecord body = (JuteRecord) gen.generate(bodyType);
            byte[] zkFrame = ZkJute.frame(new org.apache.zookeeper.proto.RequestHeader(xid, opcode),
                    (org.apache.jute.Record) RecordGen.toZk(body));

            assertArrayEquals(zkFrame, RequestCodec.encode(new RequestHeader(xid, opcode), body));

            Request decoded = RequestCodec.decodeFrame(Arrays.copyOfRange(zkFrame, 4, zkFrame.length));
            assertEquals(xid, decoded.xid());
            assertEquals(opcode, decoded.opcode());
            assertTrue(RecordGen.deepEquals(body, decoded.body()), () -> decoded.body() + " vs " + body);
        }
    }

    @Test
    void opcodesWithoutBody() {
        for (int opcode : new int[] {ZooDefs.OpCode.ping, ZooDefs.OpCode.whoAmI, ZooDefs.OpCode.closeSession}) {
            int xid = opcode == ZooDefs.OpCode.ping ? -2 : 17;
            byte[] zkFrame = ZkJute.frame(new org.apache.zookeeper.proto.RequestHeader(xid, opcode));
            assertArrayEquals(zkFrame, RequestCodec.encode(new RequestHeader(xid, opcode), null));
            Request r = RequestCodec.decodeFrame(Arrays.copyOfRange(zkFrame, 4, zkFrame.length));
            assertEquals(opcode, r.opcode());
            assertNull(r.body());
            assertTrue(RequestCodec.hasNoBody(opcode));
            assertNull(RequestCodec.decode(opcode, new JuteInput(new byte[0])));
        }
    }

    @Test
    void multiAndMultiReadFromZooKeepersOps() {
        List<Op> writes = List.of(
                Op.create("/a", new byte[] {1, 2}, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/a/c", null, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                Op.create("/a/t", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 5000),
                Op.setData("/a", new byte[] {3}, 4),
                Op.check("/a", 5),
                Op.delete("/a/b", -1));
        List<Op> reads = List.of(Op.getData("/x"), Op.getChildren("/y"));
        for (Object[] c : new Object[][] {{ZooDefs.OpCode.multi, writes}, {ZooDefs.OpCode.multiRead, reads}}) {
            int opcode = (Integer) c[0];
            @SuppressWarnings("unchecked")
            MultiOperationRecord zkMulti = new MultiOperationRecord((List<Op>) c[1]);
            byte[] zkFrame = ZkJute.frame(new org.apache.zookeeper.proto.RequestHeader(5, opcode), zkMulti);

            Request r = RequestCodec.decodeFrame(Arrays.copyOfRange(zkFrame, 4, zkFrame.length));
            MultiRequest multi = (MultiRequest) r.body();
            assertEquals(zkMulti.size(), multi.ops().size());
            assertArrayEquals(zkFrame, RequestCodec.encode(new RequestHeader(5, opcode), multi));
        }
    }

    @Test
    void ourMultiIsReadByZooKeeper() {
        MultiRequest ours = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, new CreateRequest("/n", new byte[] {7}, Ids.OPEN_ACL_UNSAFE, 2)),
                new MultiOp(OpCode.DELETE, new DeleteRequest("/m", 3))));
        MultiOperationRecord back = ZkJute.read(ours.toBytes(), new MultiOperationRecord());
        List<Op> ops = new java.util.ArrayList<>();
        back.forEach(ops::add);
        assertEquals(2, ops.size());
        assertEquals(ZooDefs.OpCode.create, ops.get(0).getType());
        assertEquals("/n", ops.get(0).getPath());
        assertEquals(ZooDefs.OpCode.delete, ops.get(1).getType());
    }

    @Test
    void unknownOpcodeIsADistinctExceptionCarryingTheXid() {
        for (int opcode : new int[] {10, 20, 23, 99, 108, -1, -10, Integer.MAX_VALUE}) {
            byte[] body = ZkJute.bytes(new org.apache.zookeeper.proto.RequestHeader(42, opcode), new org.apache.zookeeper.proto.SyncRequest("/x"));
            UnknownOpCodeException e = assertThrows(UnknownOpCodeException.class, () -> RequestCodec.decodeFrame(body));
            assertEquals(opcode, e.opcode());
            assertEquals(42, e.xid());
            assertFalse(RequestCodec.isKnown(opcode));
            assertThrows(UnknownOpCodeException.class, () -> RequestCodec.encode(new RequestHeader(1, opcode), null));
        }
    }

    @Test
    void encodeRejectsABodyOfTheWrongType() {
        assertThrows(IllegalArgumentException.class, () -> RequestCodec.encode(new RequestHeader(1, OpCode.CREATE), new DeleteRequest("/a", 1)));
        assertThrows(IllegalArgumentException.class, () -> RequestCodec.encode(new RequestHeader(1, OpCode.CREATE), null));
        assertThrows(IllegalArgumentException.class, () -> RequestCodec.encode(new RequestHeader(1, OpCode.PING), new SyncRequest("/")));
    }

    @Test
    void trailingBytesAfterTheBodyAreIgnoredAsZooKeeperDoes() {
        byte[] body = ZkJute.bytes(new org.apache.zookeeper.proto.RequestHeader(1, OpCode.SYNC), new org.apache.zookeeper.proto.SyncRequest("/x"));
        byte[] padded = Arrays.copyOf(body, body.length + 3);
        assertEquals(new SyncRequest("/x"), RequestCodec.decodeFrame(padded).body());
    }
}
