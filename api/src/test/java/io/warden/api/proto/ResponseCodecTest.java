package io.warden.api.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.api.RecordGen;
import io.warden.api.ZkJute;
import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reply frames as ZooKeeper's server writes them and as its client reads them. */
class ResponseCodecTest {

    /** Opcode → the record ZooKeeper's client passes to submitRequest as the response (ZooKeeper.java, 3.9). */
    static Stream<Arguments> opcodesWithBodies() {
        Map<Integer, Class<? extends Record>> m = Map.ofEntries(
                Map.entry(ZooDefs.OpCode.create, CreateResponse.class),
                Map.entry(ZooDefs.OpCode.create2, Create2Response.class),
                Map.entry(ZooDefs.OpCode.createTTL, Create2Response.class),
                Map.entry(ZooDefs.OpCode.createContainer, Create2Response.class),
                Map.entry(ZooDefs.OpCode.exists, ExistsResponse.class),
                Map.entry(ZooDefs.OpCode.getData, GetDataResponse.class),
                Map.entry(ZooDefs.OpCode.reconfig, GetDataResponse.class),
                Map.entry(ZooDefs.OpCode.setData, SetDataResponse.class),
                Map.entry(ZooDefs.OpCode.check, SetDataResponse.class),
                Map.entry(ZooDefs.OpCode.getACL, GetACLResponse.class),
                Map.entry(ZooDefs.OpCode.setACL, SetACLResponse.class),
                Map.entry(ZooDefs.OpCode.getChildren, GetChildrenResponse.class),
                Map.entry(ZooDefs.OpCode.getChildren2, GetChildren2Response.class),
                Map.entry(ZooDefs.OpCode.sync, SyncResponse.class),
                Map.entry(ZooDefs.OpCode.sasl, SetSASLResponse.class),
                Map.entry(ZooDefs.OpCode.getEphemerals, GetEphemeralsResponse.class),
                Map.entry(ZooDefs.OpCode.getAllChildrenNumber, GetAllChildrenNumberResponse.class),
                Map.entry(ZooDefs.OpCode.addWatch, ErrorResponse.class),
                Map.entry(ZooDefs.OpCode.whoAmI, WhoAmIResponse.class));
        return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "opcode {0}")
    @MethodSource("opcodesWithBodies")
    void sameFrameAsZooKeeperServer(int opcode, Class<? extends Record> bodyType) {
        RecordGen gen = new RecordGen(opcode * 31L);
        for (int round = 0; round < 50; round++) {
            JuteRecord body = (JuteRecord) gen.generate(bodyType);
            ReplyHeader header = new ReplyHeader(round, 0x500000000L + round, 0);
            byte[] zkFrame = ZkJute.frame(new org.apache.zookeeper.proto.ReplyHeader(header.xid(), header.zxid(), 0),
                    (org.apache.jute.Record) RecordGen.toZk(body));
            assertArrayEquals(zkFrame, ResponseCodec.encode(header, body));

            Reply reply = ResponseCodec.decodeFrame(Arrays.copyOfRange(zkFrame, 4, zkFrame.length), xid -> opcode);
            assertEquals(header, reply.header());
            assertTrue(RecordGen.deepEquals(body, reply.body()), () -> reply.body() + " vs " + body);
        }
    }

    @Test
    void createContainerThroughThePlainCreateApiReadsThePathInFront() {
        // ZooKeeper.create(path, data, acl, CONTAINER) sends createContainer and reads a CreateResponse,
        // while the server answers with a Create2Response: the path comes first, the stat is ignored.
        byte[] body = new Create2Response("/c", stat(3)).toBytes();
        org.apache.zookeeper.proto.CreateResponse asClient = ZkJute.read(body, new org.apache.zookeeper.proto.CreateResponse());
        assertEquals("/c", asClient.getPath());
    }

    @Test
    void opcodesWithoutBody() {
        for (int opcode : new int[] {OpCode.DELETE, OpCode.PING, OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES,
                OpCode.AUTH, OpCode.SET_WATCHES, OpCode.SET_WATCHES2, OpCode.CLOSE_SESSION}) {
            assertTrue(ResponseCodec.hasNoBody(opcode));
            assertNull(ResponseCodec.decodeBody(opcode, new JuteInput(new byte[0])));
        }
        byte[] ping = ZkJute.frame(new org.apache.zookeeper.proto.ReplyHeader(-2, 77, 0));
        assertArrayEquals(ping, ResponseCodec.encode(new ReplyHeader(Xid.PING, 77, 0), null));
    }

    @Test
    void errorReplyHasNoBodyToRead() {
        // ZooKeeper's server may still send a record after an error header; the client does not read it.
        byte[] zk = ZkJute.bytes(new org.apache.zookeeper.proto.ReplyHeader(9, 100, Code.NODEEXISTS.intValue()),
                new org.apache.zookeeper.proto.CreateResponse(null));
        Reply r = ResponseCodec.decodeFrame(zk, xid -> {
            fail("the opcode is not needed when err != 0");
            return 0;
        });
        assertEquals(Code.NODEEXISTS.intValue(), r.header().err());
        assertNull(r.body());
    }

    @Test
    void notificationFrame() {
        org.apache.zookeeper.proto.WatcherEvent zkEvent = new org.apache.zookeeper.proto.WatcherEvent(3, 3, "/w");
        byte[] zk = ZkJute.frame(new org.apache.zookeeper.proto.ReplyHeader(-1, 0x200000001L, 0), zkEvent);
        byte[] ours = ResponseCodec.notification(0x200000001L, new WatcherEvent(3, 3, "/w"));
        assertArrayEquals(zk, ours);
        Reply r = ResponseCodec.decodeFrame(Arrays.copyOfRange(ours, 4, ours.length), xid -> {
            fail("notifications have no pending request");
            return 0;
        });
        assertTrue(r.isNotification());
        assertEquals(new WatcherEvent(3, 3, "/w"), r.body());
    }

    @Test
    void multiReply() {
        MultiResponse zk = new MultiResponse();
        zk.add(new OpResult.CreateResult("/a"));
        zk.add(new OpResult.SetDataResult(zkStat(4)));
        byte[] zkFrame = ZkJute.frame(new org.apache.zookeeper.proto.ReplyHeader(8, 99, 0), zk);
        io.warden.api.proto.MultiResponse ours = new io.warden.api.proto.MultiResponse(List.of(
                MultiOpResult.ok(OpCode.CREATE, new CreateResponse("/a")),
                MultiOpResult.ok(OpCode.SET_DATA, new SetDataResponse(stat(4)))));
        assertArrayEquals(zkFrame, ResponseCodec.encode(new ReplyHeader(8, 99, 0), ours));
        Reply r = ResponseCodec.decodeFrame(Arrays.copyOfRange(zkFrame, 4, zkFrame.length), xid -> OpCode.MULTI);
        assertTrue(RecordGen.deepEquals(ours, r.body()));
    }

    @Test
    void unknownOpcodeHasNoReplyBody() {
        assertThrows(UnknownOpCodeException.class, () -> ResponseCodec.decodeBody(55, new JuteInput(new byte[8])));
    }

    static Stat stat(int v) {
        return new Stat(1, 2, 3, 4, v, 6, 7, 8, 9, 10, 11);
    }

    static org.apache.zookeeper.data.Stat zkStat(int v) {
        return new org.apache.zookeeper.data.Stat(1, 2, 3, 4, v, 6, 7, 8, 9, 10, 11);
    }
}
