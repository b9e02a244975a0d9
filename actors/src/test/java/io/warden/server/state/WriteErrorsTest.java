package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.proto.Code;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every write's error codes, in ZooKeeper's order of checks, against one fixed tree. */
class WriteErrorsTest {
    static final long S1 = 0x100L;
    static final long GONE = 0x999L;
    static final Id ALICE = new Id("digest", "alice:hash");
    static final List<Id> ALICE_AUTH = List.of(new Id("ip", "127.0.0.1"), ALICE);
    static final List<Id> SUPER = List.of(new Id("super", ""));
    static final List<ACL> OPEN = Ids.OPEN_ACL_UNSAFE;

    /**
     * /a (data "a", version 0) with child /a/b; /eph ephemeral of S1; /locked readable by nobody but alice,
     * with child /locked/x; /ro world-readable only; /ipnode open to 10.0.0.0/8.
     */
    static Fixture tree() {
        Fixture f = new Fixture();
        f.session(S1);
        f.create(S1, "/a", "a", CreateMode.PERSISTENT);
        f.create(S1, "/a/b");
        f.create(S1, "/eph", "", CreateMode.EPHEMERAL);
        Fixture.ok(f.create2(S1, "/locked", List.of(new ACL(Perms.ALL, Ids.AUTH_IDS)), CreateMode.PERSISTENT, ALICE_AUTH));
        Fixture.ok(f.create2(S1, "/locked/x", OPEN, CreateMode.PERSISTENT, ALICE_AUTH));
        Fixture.ok(f.create2(S1, "/ro", Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT, List.of()));
        Fixture.ok(f.create2(S1, "/ipnode", List.of(new ACL(Perms.ALL, new Id("ip", "10.0.0.0/8"))),
                CreateMode.PERSISTENT, List.of()));
        return f;
    }

    static Applied create(Fixture f, String path, List<ACL> acl, int flags, List<Id> auth) {
        return f.txn(S1, OpCode.CREATE, new CreateRequest(path, Fixture.b("d"), acl, flags), auth);
    }

    static Arguments c(String name, Code expected, Function<Fixture, Applied> op) {
        return Arguments.of(name, expected, op);
    }

    static Stream<Arguments> cases() {
        List<Id> none = Fixture.NO_AUTH;
        return Stream.of(
            // create
            c("create ok", Code.OK, f -> create(f, "/n", OPEN, 0, none)),
            c("create unknown flags", Code.BADARGUMENTS, f -> create(f, "/n", OPEN, 7, none)),
            c("create negative flags", Code.BADARGUMENTS, f -> create(f, "/n", OPEN, -1, none)),
            c("create without slash", Code.BADARGUMENTS, f -> create(f, "n", OPEN, 0, none)),
            c("create with NUL", Code.BADARGUMENTS, f -> create(f, "/n\0", OPEN, 0, none)),
            c("create trailing slash", Code.BADARGUMENTS, f -> create(f, "/a/", OPEN, 0, none)),
            c("create trailing slash under missing parent", Code.NONODE, f -> create(f, "/zz/", OPEN, 0, none)),
            c("create relative", Code.BADARGUMENTS, f -> create(f, "/a/..", OPEN, 0, none)),
            c("create double slash", Code.NONODE, f -> create(f, "/a//b", OPEN, 0, none)),
            c("create sequential trailing slash", Code.OK, f -> create(f, "/a/", OPEN, 2, none)),
            c("create root", Code.NODEEXISTS, f -> create(f, "/", OPEN, 0, none)),
            c("create under /zookeeper", Code.OK, f -> create(f, "/zookeeper/mine", OPEN, 0, none)),
            c("create missing parent", Code.NONODE, f -> create(f, "/zz/n", OPEN, 0, none)),
            c("create no CREATE on parent", Code.NOAUTH, f -> create(f, "/ro/n", OPEN, 0, none)),
            c("create super bypasses ACL", Code.OK, f -> create(f, "/ro/n", OPEN, 0, SUPER)),
            c("create NOAUTH before NODEEXISTS", Code.NOAUTH, f -> create(f, "/locked/x", OPEN, 0, none)),
            c("create with auth over existing", Code.NODEEXISTS, f -> create(f, "/locked/x", OPEN, 0, ALICE_AUTH)),
            c("create digest auth ok", Code.OK, f -> create(f, "/locked/y", OPEN, 0, ALICE_AUTH)),
            c("create ip ACL match", Code.OK, f -> create(f, "/ipnode/n", OPEN, 0, List.of(new Id("ip", "10.9.8.7")))),
            c("create ip ACL mismatch", Code.NOAUTH, f -> create(f, "/ipnode/n", OPEN, 0, List.of(new Id("ip", "11.0.0.1")))),
            c("create exists", Code.NODEEXISTS, f -> create(f, "/a", OPEN, 0, none)),
            c("create under ephemeral", Code.NOCHILDRENFOREPHEMERALS, f -> create(f, "/eph/n", OPEN, 0, none)),
            c("create empty ACL", Code.INVALIDACL, f -> create(f, "/n", List.of(), 0, none)),
            c("create null ACL", Code.INVALIDACL, f -> create(f, "/n", null, 0, none)),
            c("create INVALIDACL before NONODE", Code.INVALIDACL, f -> create(f, "/zz/n", List.of(), 0, none)),
            c("create auth ACL without digest", Code.INVALIDACL,
                f -> create(f, "/n", Ids.CREATOR_ALL_ACL, 0, none)),
            c("create auth ACL with digest", Code.OK, f -> create(f, "/n", Ids.CREATOR_ALL_ACL, 0, ALICE_AUTH)),
            c("create bad digest id", Code.INVALIDACL,
                f -> create(f, "/n", List.of(new ACL(Perms.ALL, new Id("digest", "x"))), 0, none)),
            c("create unknown scheme", Code.INVALIDACL,
                f -> create(f, "/n", List.of(new ACL(Perms.ALL, new Id("foo", "x"))), 0, none)),
            c("create ephemeral by unknown session", Code.SESSIONEXPIRED,
                f -> f.txn(GONE, OpCode.CREATE, new CreateRequest("/n", null, OPEN, 1), none)),
            c("create persistent by unknown session", Code.SESSIONEXPIRED,
                f -> f.txn(GONE, OpCode.CREATE, new CreateRequest("/n", null, OPEN, 0), none)),
            c("SESSIONEXPIRED before path checks", Code.SESSIONEXPIRED,
                f -> f.txn(GONE, OpCode.CREATE, new CreateRequest("bad", null, OPEN, 0), none)),
            c("create TTL flag via create", Code.BADARGUMENTS, f -> create(f, "/n", OPEN, 5, none)),
            c("createTTL zero ttl", Code.BADARGUMENTS,
                f -> f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/n", null, OPEN, 5, 0))),
            c("createTTL huge ttl", Code.BADARGUMENTS,
                f -> f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/n", null, OPEN, 5, EphemeralKind.MAX_TTL + 1))),
            c("createTTL max ttl", Code.OK,
                f -> f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/n", null, OPEN, 6, EphemeralKind.MAX_TTL))),
            c("createTTL non-TTL mode with ttl", Code.BADARGUMENTS,
                f -> f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/n", null, OPEN, 0, 100))),
            c("createTTL non-TTL mode without ttl", Code.BADARGUMENTS,
                f -> f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/n", null, OPEN, 0, -1))),
            c("create body of the wrong type", Code.MARSHALLINGERROR,
                f -> f.txn(S1, OpCode.CREATE, new DeleteRequest("/n", -1))),
            // delete
            c("delete ok", Code.OK, f -> f.delete(S1, "/a/b", 0)),
            c("delete root", Code.BADARGUMENTS, f -> f.delete(S1, "/", -1)),
            c("delete /zookeeper", Code.BADARGUMENTS, f -> f.delete(S1, "/zookeeper", -1)),
            c("delete /zookeeper/quota", Code.BADARGUMENTS, f -> f.delete(S1, "/zookeeper/quota", -1)),
            c("delete /zookeeper/config", Code.BADARGUMENTS, f -> f.delete(S1, "/zookeeper/config", -1)),
            c("delete no slash", Code.BADARGUMENTS, f -> f.delete(S1, "a", -1)),
            c("delete missing parent", Code.NONODE, f -> f.delete(S1, "/zz/a", -1)),
            c("delete missing", Code.NONODE, f -> f.delete(S1, "/zz", -1)),
            c("delete not empty", Code.NOTEMPTY, f -> f.delete(S1, "/a", -1)),
            c("delete BADVERSION before NOTEMPTY", Code.BADVERSION, f -> f.delete(S1, "/a", 7)),
            c("delete bad version", Code.BADVERSION, f -> f.delete(S1, "/a/b", 1)),
            c("delete no DELETE on parent", Code.NOAUTH, f -> f.delete(S1, "/locked/x", -1)),
            c("delete NOAUTH before NONODE", Code.NOAUTH, f -> f.delete(S1, "/locked/none", -1)),
            c("delete with digest auth", Code.OK, f -> f.txn(S1, OpCode.DELETE, new DeleteRequest("/locked/x", -1), ALICE_AUTH)),
            c("delete other session's ephemeral", Code.OK, f -> {
                f.session(0x200);
                return f.delete(0x200, "/eph", -1);
            }),
            c("delete by unknown session", Code.SESSIONEXPIRED, f -> f.delete(GONE, "/a/b", -1)),
            // setData
            c("setData ok", Code.OK, f -> f.setData(S1, "/a", "x", 0)),
            c("setData invalid path", Code.BADARGUMENTS, f -> f.setData(S1, "/a/", "x", -1)),
            c("setData missing", Code.NONODE, f -> f.setData(S1, "/zz", "x", -1)),
            c("setData no WRITE", Code.NOAUTH, f -> f.setData(S1, "/ro", "x", -1)),
            c("setData NOAUTH before BADVERSION", Code.NOAUTH, f -> f.setData(S1, "/ro", "x", 5)),
            c("setData bad version", Code.BADVERSION, f -> f.setData(S1, "/a", "x", 3)),
            c("setData config node", Code.NOAUTH, f -> f.setData(S1, "/zookeeper/config", "x", -1)),
            c("setData by unknown session", Code.SESSIONEXPIRED, f -> f.setData(GONE, "/a", "x", -1)),
            // setACL
            c("setACL ok", Code.OK, f -> f.setAcl(S1, "/a", Ids.READ_ACL_UNSAFE, 0, none)),
            c("setACL invalid path", Code.BADARGUMENTS, f -> f.setAcl(S1, "//", OPEN, -1, none)),
            c("setACL empty", Code.INVALIDACL, f -> f.setAcl(S1, "/a", List.of(), -1, none)),
            c("setACL INVALIDACL before NONODE", Code.INVALIDACL, f -> f.setAcl(S1, "/zz", List.of(), -1, none)),
            c("setACL missing", Code.NONODE, f -> f.setAcl(S1, "/zz", OPEN, -1, none)),
            c("setACL no ADMIN", Code.NOAUTH, f -> f.setAcl(S1, "/ro", OPEN, -1, none)),
            c("setACL bad aversion", Code.BADVERSION, f -> f.setAcl(S1, "/a", OPEN, 1, none)),
            c("setACL with null list body", Code.INVALIDACL,
                f -> f.txn(S1, OpCode.SET_ACL, new SetACLRequest("/a", null, -1))),
            // check
            c("check ok", Code.OK, f -> f.check(S1, "/a", 0)),
            c("check any version", Code.OK, f -> f.check(S1, "/a", -1)),
            c("check invalid path", Code.BADARGUMENTS, f -> f.check(S1, "a", 0)),
            c("check missing", Code.NONODE, f -> f.check(S1, "/zz", 0)),
            c("check no READ", Code.NOAUTH, f -> f.check(S1, "/locked", 0)),
            c("check bad version", Code.BADVERSION, f -> f.check(S1, "/a", 9)),
            // others
            c("unknown txn type", Code.UNIMPLEMENTED, f -> f.txn(S1, OpCode.SYNC, null)),
            c("reconfig is not supported", Code.UNIMPLEMENTED, f -> f.txn(S1, OpCode.RECONFIG, null))
        );
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void writeAnswersAsZooKeeper(String name, Code expected, Function<Fixture, Applied> op) {
        Fixture f = tree();
        long digest = f.db.digest();
        int nodes = f.db.nodeCount();
        long before = f.db.lastZxid();
        Applied a = op.apply(f);
        assertEquals(expected.intValue(), a.err(), name);
        assertEquals(f.zxid, f.db.lastZxid(), "a txn always advances lastZxid");
        if (expected != Code.OK) {
            assertEquals(before + 1, f.db.lastZxid());
            assertEquals(digest, f.db.digest(), "a failed txn changes nothing");
            assertEquals(nodes, f.db.nodeCount());
            assertEquals(null, a.response());
        }
    }

    @Test
    void ttlNeedsExtendedTypes() {
        Fixture f = new Fixture(new StateOptions(false));
        f.session(S1);
        Applied a = f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/t", null, OPEN, 5, 1000));
        assertEquals(Code.UNIMPLEMENTED.intValue(), a.err());
        // Even an invalid ttl: the feature check comes first.
        assertEquals(Code.UNIMPLEMENTED.intValue(),
                f.txn(S1, OpCode.CREATE_TTL, new CreateTTLRequest("/t", null, OPEN, 6, -5)).err());
    }

    @Test
    void zxidMustIncrease() {
        Fixture f = tree();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> f.db.apply(
                new io.warden.api.txn.Txn(f.zxid, 0, S1, 0, OpCode.CREATE, Fixture.NO_AUTH,
                        new CreateRequest("/late", null, OPEN, 0))));
        assertEquals(null, f.stat("/late"));
    }
}
