package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Ids;
import io.warden.api.data.Stat;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ErrorResponse;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.GetChildrenResponse;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiOpResult;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.MultiResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetDataResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiTest {
    static final long S = 0x77L;

    static MultiOp create(int type, String path, int flags) {
        return new MultiOp(type, new CreateRequest(path, Fixture.b("v"), Ids.OPEN_ACL_UNSAFE, flags));
    }

    static MultiOp delete(String path, int version) {
        return new MultiOp(OpCode.DELETE, new DeleteRequest(path, version));
    }

    static MultiOp setData(String path, String data, int version) {
        return new MultiOp(OpCode.SET_DATA, new SetDataRequest(path, Fixture.b(data), version));
    }

    static MultiOp check(String path, int version) {
        return new MultiOp(OpCode.CHECK, new CheckVersionRequest(path, version));
    }

    static MultiOpResult error(int code) {
        return new MultiOpResult(OpCode.ERROR, code, new ErrorResponse(code));
    }

    @Test
    void successAnswersEveryOpAndSeesEarlierOps() {
        Fixture f = new Fixture();
        f.session(S);
        Applied a = f.multi(S,
                create(OpCode.CREATE, "/m", 0),
                create(OpCode.CREATE2, "/m/x", 0),
                create(OpCode.CREATE, "/m/s-", 2),
                create(OpCode.CREATE, "/m/s-", 2),
                setData("/m", "new", 0),
                check("/m", 1),
                delete("/m/x", 0));
        assertEquals(0, a.err());
        long z = a.zxid();
        long t = f.time;
        List<MultiOpResult> r = ((MultiResponse) a.response()).results();
        assertEquals(new MultiOpResult(OpCode.CREATE, 0, new CreateResponse("/m")), r.get(0));
        assertEquals(new MultiOpResult(OpCode.CREATE2, 0,
                new Create2Response("/m/x", new Stat(z, z, t, t, 0, 0, 0, 0, 1, 0, z))), r.get(1));
        assertEquals(new MultiOpResult(OpCode.CREATE, 0, new CreateResponse("/m/s-0000000001")), r.get(2));
        assertEquals(new MultiOpResult(OpCode.CREATE, 0, new CreateResponse("/m/s-0000000002")), r.get(3));
        // Every op of a multi carries the multi's zxid.
        assertEquals(new MultiOpResult(OpCode.SET_DATA, 0,
                new SetDataResponse(new Stat(z, z, t, t, 1, 3, 0, 0, 3, 3, z))), r.get(4));
        assertEquals(new MultiOpResult(OpCode.CHECK, 0, null), r.get(5));
        assertEquals(new MultiOpResult(OpCode.DELETE, 0, null), r.get(6));
        assertEquals(7, r.size());
        assertEquals(new Stat(z, z, t, t, 1, 4, 0, 0, 3, 2, z), f.stat("/m"));
    }

    @Test
    void failureChangesNothingAndReportsZooKeepersResultCodes() {
        Fixture f = new Fixture();
        f.session(S);
        f.create(S, "/keep", "k", CreateMode.PERSISTENT);
        f.read(S, OpCode.GET_DATA, new GetDataRequest("/keep", true));
        f.read(S, OpCode.GET_CHILDREN, new GetChildrenRequest("/", true));
        long digest = f.db.digest();
        Stat root = f.stat("/");
        Applied a = f.multi(S,
                create(OpCode.CREATE, "/f", 0),
                create(OpCode.CREATE, "/f/s-", 2),
                setData("/keep", "changed", -1),
                delete("/nothere", -1),
                setData("/f", "x", -1),
                check("/keep", 0));
        // The ReplyHeader carries OK: the failure travels inside the MultiResponse.
        assertEquals(0, a.err());
        assertEquals(new MultiResponse(List.of(error(0), error(0), error(0), error(Code.NONODE.intValue()),
                error(-2), error(-2))), a.response());
        assertEquals(digest, f.db.digest());
        assertNull(f.stat("/f"));
        assertEquals(root, f.stat("/"));
        assertEquals(List.of(), a.notifications(), "a failed multi fires no watch");
        // The watches are still armed.
        Applied later = f.setData(S, "/keep", "now", -1);
        assertEquals(List.of(Watches.event(S, EventType.NodeDataChanged, "/keep")), later.notifications());
        // The rolled-back sequential create did not consume a number.
        f.create(S, "/f");
        assertEquals("/f/s-0000000000",
                ((CreateResponse) f.create(S, "/f/s-", "", CreateMode.PERSISTENT_SEQUENTIAL).response()).path());
    }

    @Test
    void failureOfTheFirstAndLastOps() {
        Fixture f = new Fixture();
        f.session(S);
        Applied first = f.multi(S, check("/nothere", -1), create(OpCode.CREATE, "/x", 0));
        assertEquals(new MultiResponse(List.of(error(-101), error(-2))), first.response());
        Applied last = f.multi(S, create(OpCode.CREATE, "/x", 0), create(OpCode.CREATE, "/x", 0));
        assertEquals(new MultiResponse(List.of(error(0), error(-110))), last.response());
        assertNull(f.stat("/x"));
    }

    @Test
    void successFiresWatchesInOpOrderAfterwards() {
        Fixture f = new Fixture();
        f.session(S);
        f.create(S, "/w");
        f.read(S, OpCode.GET_CHILDREN, new GetChildrenRequest("/w", true));
        f.read(S, OpCode.GET_DATA, new GetDataRequest("/w", true));
        Applied a = f.multi(S, create(OpCode.CREATE, "/w/a", 0), setData("/w", "d", -1));
        assertEquals(List.of(Watches.event(S, EventType.NodeChildrenChanged, "/w"),
                Watches.event(S, EventType.NodeDataChanged, "/w")), a.notifications());
    }

    @Test
    void emptyMulti() {
        Fixture f = new Fixture();
        Applied a = f.multi(S);
        assertEquals(0, a.err());
        assertEquals(new MultiResponse(List.of()), a.response());
    }

    @Test
    void opsAreDecodedAsZooKeeperDecodesThem() {
        Fixture f = new Fixture();
        f.session(S);
        Applied a = f.multi(S,
                create(OpCode.CREATE2, "/c", CreateMode.CONTAINER.flag()),
                new MultiOp(OpCode.CREATE_TTL, new CreateTTLRequest("/p", null, Ids.OPEN_ACL_UNSAFE, 0, 99)));
        List<MultiOpResult> r = ((MultiResponse) a.response()).results();
        // The container is made, but ZooKeeper labels every create-with-stat result create2.
        assertEquals(OpCode.CREATE2, r.get(0).type());
        assertEquals(0, f.stat("/c").ephemeralOwner());
        f.create(S, "/c/x");
        f.delete(S, "/c/x", -1);
        assertEquals(List.of("/c"), f.db.deletableContainersAndTtls(f.time));
        assertNotNull(((Create2Response) r.get(0).body()).stat());
        // A createTTL without a TTL mode is decoded as a plain create, its ttl dropped.
        assertEquals(new MultiOpResult(OpCode.CREATE, 0, new CreateResponse("/p")), r.get(1));
        // A TTL mode in a plain create becomes a createTTL without a ttl: BADARGUMENTS.
        Applied b = f.multi(S, create(OpCode.CREATE, "/t", CreateMode.PERSISTENT_WITH_TTL.flag()));
        assertEquals(new MultiResponse(List.of(error(Code.BADARGUMENTS.intValue()))), b.response());
    }

    @Test
    void undecodableOpsFailTheWholeRequest() {
        Fixture f = new Fixture();
        f.session(S);
        long digest = f.db.digest();
        Applied bad = f.multi(S, create(OpCode.CREATE, "/a", 0), create(OpCode.CREATE, "/b", 9));
        assertEquals(Code.MARSHALLINGERROR.intValue(), bad.err());
        assertNull(bad.response());
        Applied mixed = f.multi(S, create(OpCode.CREATE, "/a", 0), new MultiOp(OpCode.GET_DATA, new GetDataRequest("/", false)));
        assertEquals(Code.MARSHALLINGERROR.intValue(), mixed.err());
        Applied wrongBody = f.multi(S, new MultiOp(OpCode.DELETE, new CheckVersionRequest("/a", 1)));
        assertEquals(Code.MARSHALLINGERROR.intValue(), wrongBody.err());
        assertEquals(Code.MARSHALLINGERROR.intValue(), f.txn(S, OpCode.MULTI, "not a multi").err());
        assertEquals(digest, f.db.digest());
    }

    @Test
    void sessionIsCheckedPerOp() {
        Fixture f = new Fixture();
        Applied a = f.multi(0x404, create(OpCode.CREATE, "/a", 0), check("/", -1));
        assertEquals(new MultiResponse(List.of(error(Code.SESSIONEXPIRED.intValue()), error(-2))), a.response());
    }

    @Test
    void multiReadAnswersEachOpOnItsOwnAndSetsNoWatch() {
        Fixture f = new Fixture();
        f.session(S);
        f.create(S, "/r", "data", CreateMode.PERSISTENT);
        f.create(S, "/r/k");
        MultiRequest m = new MultiRequest(List.of(
                new MultiOp(OpCode.GET_DATA, new GetDataRequest("/r", true)),
                new MultiOp(OpCode.GET_CHILDREN, new GetChildrenRequest("/nothere", true)),
                new MultiOp(OpCode.GET_CHILDREN, new GetChildrenRequest("/r", true))));
        Served s = f.read(S, OpCode.MULTI_READ, m);
        assertEquals(0, s.err());
        List<MultiOpResult> r = ((MultiResponse) s.response()).results();
        assertEquals(OpCode.GET_DATA, r.get(0).type());
        assertEquals("data", new String(((GetDataResponse) r.get(0).body()).data()));
        assertEquals(error(-101), r.get(1));
        assertEquals(new MultiOpResult(OpCode.GET_CHILDREN, 0, new GetChildrenResponse(List.of("k"))), r.get(2));
        assertEquals(0, f.db.watchCount());
        Served mixed = f.read(S, OpCode.MULTI_READ, new MultiRequest(List.of(check("/r", -1))));
        assertEquals(Code.MARSHALLINGERROR.intValue(), mixed.err());
    }
}
