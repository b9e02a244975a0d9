package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.data.Stat;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.ExistsResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A database with a txn counter and clock, and shorthands for the txns and reads tests use. */
final class Fixture {
    static final List<Id> NO_AUTH = List.of(new Id("ip", "127.0.0.1"));

    final ZkDatabase db;
    long zxid;
    long time = 1_000_000;

    Fixture() {
        this(new StateOptions(true));
    }

    Fixture(StateOptions options) {
        this.db = new ZkDatabase(options);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    Applied txn(long session, int type, Object body, List<Id> auth) {
        zxid++;
        time += 10;
        return db.apply(new Txn(zxid, time, session, (int) zxid, type, auth, body));
    }

    Applied txn(long session, int type, Object body) {
        return txn(session, type, body, NO_AUTH);
    }

    Applied session(long id) {
        return session(id, 30_000);
    }

    Applied session(long id, int timeout) {
        return txn(id, OpCode.CREATE_SESSION, new CreateSessionTxn(timeout));
    }

    Applied close(long id) {
        return txn(id, OpCode.CLOSE_SESSION, null);
    }

    Applied create(long session, String path, String data, CreateMode mode) {
        return txn(session, OpCode.CREATE, new CreateRequest(path, b(data), Ids.OPEN_ACL_UNSAFE, mode.flag()));
    }

    Applied create(long session, String path) {
        return create(session, path, "", CreateMode.PERSISTENT);
    }

    Applied create2(long session, String path, List<ACL> acl, CreateMode mode, List<Id> auth) {
        return txn(session, OpCode.CREATE2, new CreateRequest(path, b("x"), acl, mode.flag()), auth);
    }

    Applied container(long session, String path) {
        return txn(session, OpCode.CREATE_CONTAINER,
                new CreateRequest(path, b(""), Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER.flag()));
    }

    Applied ttl(long session, String path, long ttl) {
        return txn(session, OpCode.CREATE_TTL,
                new CreateTTLRequest(path, b(""), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL.flag(), ttl));
    }

    Applied delete(long session, String path, int version) {
        return txn(session, OpCode.DELETE, new DeleteRequest(path, version));
    }

    Applied setData(long session, String path, String data, int version) {
        return txn(session, OpCode.SET_DATA, new SetDataRequest(path, b(data), version));
    }

    Applied setAcl(long session, String path, List<ACL> acl, int version, List<Id> auth) {
        return txn(session, OpCode.SET_ACL, new SetACLRequest(path, acl, version), auth);
    }

    Applied check(long session, String path, int version) {
        return txn(session, OpCode.CHECK, new CheckVersionRequest(path, version));
    }

    Applied multi(long session, MultiOp... ops) {
        return txn(session, OpCode.MULTI, new MultiRequest(List.of(ops)));
    }

    Applied deleteContainer(String path) {
        return txn(0, OpCode.DELETE_CONTAINER, new DeleteRequest(path, -1));
    }

    Served read(long session, int opcode, Object request) {
        return db.read(session, NO_AUTH, opcode, request);
    }

    /** The node's stat as a client would see it, or null. */
    Stat stat(String path) {
        Served s = db.read(1L << 62, List.of(new Id("super", "")), OpCode.EXISTS, new ExistsRequest(path, false));
        return s.err() == 0 ? ((ExistsResponse) s.response()).stat() : null;
    }

    static void ok(Applied a) {
        assertEquals(0, a.err(), () -> "expected OK but got " + a.err());
    }
}
