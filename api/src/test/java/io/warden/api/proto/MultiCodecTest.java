package io.warden.api.proto;

import static io.warden.api.proto.ResponseCodecTest.stat;
import static io.warden.api.proto.ResponseCodecTest.zkStat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.RecordGen;
import io.warden.api.ZkJute;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.junit.jupiter.api.Test;

/** Multi requests and responses against ZooKeeper's MultiOperationRecord and MultiResponse. */
class MultiCodecTest {
    private static final List<org.apache.zookeeper.data.ACL> ZK_OPEN = org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE;

    @Test
    void everyWriteOpKind() {
        MultiOperationRecord zk = new MultiOperationRecord(List.of(
                Op.create("/p", new byte[] {1}, ZK_OPEN, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.create("/e", null, ZK_OPEN, CreateMode.EPHEMERAL),
                Op.create("/c", new byte[0], ZK_OPEN, CreateMode.CONTAINER),
                Op.create("/t", new byte[] {2}, ZK_OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 1234),
                Op.delete("/d", 7),
                Op.setData("/s", new byte[] {3, 4}, -1),
                Op.check("/k", 9)));
        MultiRequest ours = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, new CreateRequest("/p", new byte[] {1}, Ids.OPEN_ACL_UNSAFE, 2)),
                new MultiOp(OpCode.CREATE, new CreateRequest("/e", null, Ids.OPEN_ACL_UNSAFE, 1)),
                new MultiOp(OpCode.CREATE_CONTAINER, new CreateRequest("/c", new byte[0], Ids.OPEN_ACL_UNSAFE, 4)),
                new MultiOp(OpCode.CREATE_TTL, new CreateTTLRequest("/t", new byte[] {2}, Ids.OPEN_ACL_UNSAFE, 6, 1234)),
                new MultiOp(OpCode.DELETE, new DeleteRequest("/d", 7)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/s", new byte[] {3, 4}, -1)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/k", 9))));
        byte[] zkBytes = ZkJute.bytes(zk);
        assertArrayEquals(zkBytes, ours.toBytes());
        JuteInput in = new JuteInput(zkBytes);
        assertTrue(RecordGen.deepEquals(ours, MultiRequest.read(in)));
        assertEquals(0, in.remaining());
    }

    @Test
    void create2OpKeepsItsHeaderType() {
        // The official client never sends create2 inside a multi, but the wire allows it (a CreateRequest).
        MultiRequest ours = new MultiRequest(List.of(new MultiOp(OpCode.CREATE2, new CreateRequest("/x", null, Ids.OPEN_ACL_UNSAFE, 0))));
        MultiOperationRecord zk = ZkJute.read(ours.toBytes(), new MultiOperationRecord());
        assertEquals(1, zk.size());
        assertEquals(OpCode.CREATE2, MultiRequest.read(new JuteInput(ours.toBytes())).ops().get(0).type());
    }

    @Test
    void readOps() {
        MultiOperationRecord zk = new MultiOperationRecord(List.of(Op.getChildren("/a"), Op.getData("/b")));
        MultiRequest ours = new MultiRequest(List.of(
                new MultiOp(OpCode.GET_CHILDREN, new GetChildrenRequest("/a", false)),
                new MultiOp(OpCode.GET_DATA, new GetDataRequest("/b", false))));
        assertArrayEquals(ZkJute.bytes(zk), ours.toBytes());
        assertTrue(RecordGen.deepEquals(ours, MultiRequest.read(new JuteInput(ZkJute.bytes(zk)))));
    }

    @Test
    void emptyMultiIsJustTheEndMarker() {
        byte[] zk = ZkJute.bytes(new MultiOperationRecord());
        assertArrayEquals(zk, new MultiRequest(List.of()).toBytes());
        assertArrayEquals(new byte[] {-1, -1, -1, -1, 1, -1, -1, -1, -1}, zk);
        assertEquals(0, MultiRequest.read(new JuteInput(zk)).ops().size());
        assertArrayEquals(ZkJute.bytes(new org.apache.zookeeper.MultiResponse()), new MultiResponse(List.of()).toBytes());
    }

    @Test
    void everyResultKind() {
        org.apache.zookeeper.MultiResponse zk = new org.apache.zookeeper.MultiResponse();
        zk.add(new OpResult.CreateResult("/a"));
        zk.add(new OpResult.CreateResult("/b", zkStat(1)));
        zk.add(new OpResult.DeleteResult());
        zk.add(new OpResult.SetDataResult(zkStat(2)));
        zk.add(new OpResult.CheckResult());
        zk.add(new OpResult.GetDataResult(new byte[] {5}, zkStat(3)));
        zk.add(new OpResult.GetChildrenResult(List.of("x", "y")));
        zk.add(new OpResult.ErrorResult(Code.NONODE.intValue()));
        MultiResponse ours = new MultiResponse(List.of(
                MultiOpResult.ok(OpCode.CREATE, new CreateResponse("/a")),
                MultiOpResult.ok(OpCode.CREATE2, new Create2Response("/b", stat(1))),
                MultiOpResult.ok(OpCode.DELETE, null),
                MultiOpResult.ok(OpCode.SET_DATA, new SetDataResponse(stat(2))),
                MultiOpResult.ok(OpCode.CHECK, null),
                MultiOpResult.ok(OpCode.GET_DATA, new GetDataResponse(new byte[] {5}, stat(3))),
                MultiOpResult.ok(OpCode.GET_CHILDREN, new GetChildrenResponse(List.of("x", "y"))),
                MultiOpResult.error(Code.NONODE.intValue())));
        byte[] zkBytes = ZkJute.bytes(zk);
        assertArrayEquals(zkBytes, ours.toBytes());
        JuteInput in = new JuteInput(zkBytes);
        assertTrue(RecordGen.deepEquals(ours, MultiResponse.read(in)));
        assertEquals(0, in.remaining());
        assertEquals(zk, ZkJute.read(ours.toBytes(), new org.apache.zookeeper.MultiResponse()));
    }

    @Test
    void failedMultiAsZooKeeperReportsIt() {
        // Op 1 of 4 failed with BADVERSION: OK before it, its code, RUNTIMEINCONSISTENCY after.
        org.apache.zookeeper.MultiResponse zk = new org.apache.zookeeper.MultiResponse();
        zk.add(new OpResult.ErrorResult(0));
        zk.add(new OpResult.ErrorResult(Code.BADVERSION.intValue()));
        zk.add(new OpResult.ErrorResult(Code.RUNTIMEINCONSISTENCY.intValue()));
        zk.add(new OpResult.ErrorResult(Code.RUNTIMEINCONSISTENCY.intValue()));
        MultiResponse ours = MultiResponse.failed(4, 1, Code.BADVERSION.intValue());
        assertArrayEquals(ZkJute.bytes(zk), ours.toBytes());
        assertEquals(List.of(0, -103, -2, -2), ours.results().stream().map(MultiOpResult::err).toList());
        assertThrows(IllegalArgumentException.class, () -> MultiResponse.failed(2, 2, -103));
    }

    @Test
    void mixingReadsAndWritesIsRejectedOnInput() {
        JuteOutput out = new JuteOutput();
        new MultiHeader(OpCode.GET_DATA, false, -1).write(out);
        new GetDataRequest("/a", false).write(out);
        new MultiHeader(OpCode.DELETE, false, -1).write(out);
        new DeleteRequest("/a", 0).write(out);
        new MultiHeader(-1, true, -1).write(out);
        JuteException e = assertThrows(JuteException.class, () -> MultiRequest.read(new JuteInput(out.toByteArray())));
        assertTrue(e.getMessage().contains("mixing"), e.getMessage());
    }

    @Test
    void invalidOpTypesAreRejected() {
        for (int type : new int[] {OpCode.EXISTS, OpCode.MULTI, OpCode.DELETE_CONTAINER, 0, 1000}) {
            JuteOutput out = new JuteOutput();
            new MultiHeader(type, false, -1).write(out);
            new DeleteRequest("/a", 0).write(out);
            new MultiHeader(-1, true, -1).write(out);
            assertThrows(JuteException.class, () -> MultiRequest.read(new JuteInput(out.toByteArray())), "type " + type);
        }
        for (int type : new int[] {OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER, OpCode.DELETE_CONTAINER, OpCode.EXISTS}) {
            JuteOutput out = new JuteOutput();
            new MultiHeader(type, false, 0).write(out);
            new MultiHeader(-1, true, -1).write(out);
            assertThrows(JuteException.class, () -> MultiResponse.read(new JuteInput(out.toByteArray())), "result type " + type);
        }
    }

    @Test
    void writersRejectMismatchedRecords() {
        assertThrows(IllegalArgumentException.class,
                () -> new MultiRequest(List.of(new MultiOp(OpCode.CREATE, new DeleteRequest("/a", 1)))).toBytes());
        assertThrows(IllegalArgumentException.class,
                () -> new MultiRequest(List.of(new MultiOp(OpCode.EXISTS, new ExistsRequest("/a", false)))).toBytes());
        assertThrows(IllegalArgumentException.class,
                () -> new MultiResponse(List.of(MultiOpResult.ok(OpCode.CREATE_CONTAINER, new Create2Response("/a", stat(1))))).toBytes());
        assertThrows(IllegalArgumentException.class,
                () -> new MultiResponse(List.of(MultiOpResult.ok(OpCode.SET_DATA, null))).toBytes());
    }

    @Test
    void truncatedMultiIsAJuteException() {
        byte[] full = ZkJute.bytes(new MultiOperationRecord(List.of(
                Op.create("/p", new byte[] {1}, ZK_OPEN, CreateMode.PERSISTENT), Op.delete("/d", 7))));
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(JuteException.class, () -> MultiRequest.read(new JuteInput(cut)), "prefix " + n);
        }
        byte[] fullResponse = MultiResponse.failed(3, 0, -101).toBytes();
        for (int n = 0; n < fullResponse.length; n++) {
            byte[] cut = Arrays.copyOf(fullResponse, n);
            assertThrows(JuteException.class, () -> MultiResponse.read(new JuteInput(cut)), "prefix " + n);
        }
    }

    @Test
    void manyOpsRoundTrip() {
        List<MultiOp> ops = new ArrayList<>();
        List<Op> zkOps = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ops.add(new MultiOp(OpCode.SET_DATA, new SetDataRequest("/n" + i, new byte[] {(byte) i}, i)));
            zkOps.add(Op.setData("/n" + i, new byte[] {(byte) i}, i));
        }
        assertArrayEquals(ZkJute.bytes(new MultiOperationRecord(zkOps)), new MultiRequest(ops).toBytes());
    }
}
