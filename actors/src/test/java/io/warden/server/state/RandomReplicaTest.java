package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replicas that apply the same txns agree: two databases fed thousands of random txns (one of them restored
 * from a snapshot midway, and both round-tripped through snapshots along the way, which also checks the
 * running digest against one computed from scratch) give the same outcomes, digests and snapshot bytes.
 */
class RandomReplicaTest {
    static final Id ALICE = new Id("digest", "alice:a");
    static final Id BOB = new Id("digest", "bob:b");
    static final List<List<Id>> AUTHS = List.of(List.of(), List.of(new Id("ip", "10.0.0.1")), List.of(ALICE),
            List.of(BOB, new Id("ip", "192.168.0.1")), List.of(new Id("super", "")));
    static final List<List<ACL>> ACLS = List.of(Ids.OPEN_ACL_UNSAFE, Ids.OPEN_ACL_UNSAFE, Ids.OPEN_ACL_UNSAFE,
            Ids.CREATOR_ALL_ACL, Ids.READ_ACL_UNSAFE, List.of(new ACL(Perms.ALL, BOB)),
            List.of(new ACL(Perms.READ | Perms.CREATE | Perms.DELETE, Ids.ANYONE_ID_UNSAFE)),
            List.of(new ACL(Perms.ALL, new Id("ip", "10.0.0.0/8"))), List.of());
    static final String[] NAMES = {"a", "b", "c", "seq-", "lock"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261122})
    void replicasAgree(long seed) {
        new Run(seed).run(4000);
    }

    static byte[] snapshot(ZkDatabase db) {
        JuteOutput out = new JuteOutput();
        db.writeSnapshot(out);
        return out.toByteArray();
    }

    /** One seeded history. */
    static final class Run {
        final Random rnd;
        final List<Long> sessions = new ArrayList<>();
        long zxid;
        long time = 1_700_000_000_000L;
        long nextSession = 0x0100_0000_0000_0000L;

        Run(long seed) {
            this.rnd = new Random(seed);
        }

        void run(int txns) {
            StateOptions options = new StateOptions(true);
            ZkDatabase a = new ZkDatabase(options);
            ZkDatabase b = new ZkDatabase(options);
            Map<Integer, Integer> errs = new HashMap<>();
            for (int i = 0; i < txns; i++) {
                if (i == txns / 2) {
                    b = ZkDatabase.readSnapshot(new JuteInput(snapshot(b)), options);
                }
                if (i % 500 == 250) {
                    a = ZkDatabase.readSnapshot(new JuteInput(snapshot(a)), options);
                }
                Txn txn = next(a);
                Applied x = a.apply(txn);
                Applied y = b.apply(txn);
                assertEquals(x.err(), y.err(), () -> "txn " + txn);
                assertEquals(x.response(), y.response(), () -> "txn " + txn);
                assertEquals(x.closedSessions(), y.closedSessions());
                assertEquals(a.digest(), b.digest(), () -> "after txn " + txn);
                errs.merge(x.err(), 1, Integer::sum);
            }
            assertArrayEquals(snapshot(a), snapshot(b));
            assertEquals(a.sessions(), b.sessions());
            for (Map.Entry<Long, List<String>> e : a.ephemeralsBySession().entrySet()) {
                assertTrue(a.hasSession(e.getKey()), "ephemerals outlive no session");
            }
            // The generator must reach both success and the interesting failures.
            for (int code : new int[] {0, -101, -110, -103, -111, -102, -114, -112}) {
                assertTrue(errs.getOrDefault(code, 0) > 0, "no txn ended with " + code + ": " + errs);
            }
        }

        private String path(ZkDatabase db) {
            // Mostly paths that exist or whose parent exists, so that ops get past the first checks.
            StringBuilder p = new StringBuilder();
            int depth = 1 + rnd.nextInt(3);
            for (int d = 0; d < depth; d++) {
                p.append('/').append(NAMES[rnd.nextInt(NAMES.length)]);
            }
            if (rnd.nextInt(10) == 0) {
                return p + "/";
            }
            return p.toString();
        }

        private long session() {
            if (sessions.isEmpty() || rnd.nextInt(30) == 0) {
                return 0x7777L; // never created
            }
            return sessions.get(rnd.nextInt(sessions.size()));
        }

        Txn next(ZkDatabase db) {
            zxid++;
            time += rnd.nextInt(2000);
            int kind = rnd.nextInt(100);
            List<Id> auth = AUTHS.get(rnd.nextInt(AUTHS.size()));
            if (kind < 4 || sessions.isEmpty()) {
                long id = nextSession++;
                sessions.add(id);
                return new Txn(zxid, time, id, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(1000 + rnd.nextInt(9000)));
            }
            if (kind < 7) {
                long id = sessions.remove(rnd.nextInt(sessions.size()));
                return new Txn(zxid, time, id, 1, OpCode.CLOSE_SESSION, auth, null);
            }
            if (kind < 10) {
                List<String> candidates = db.deletableContainersAndTtls(time);
                String p = candidates.isEmpty() || rnd.nextBoolean() ? path(db) : candidates.get(rnd.nextInt(candidates.size()));
                return new Txn(zxid, time, 0, 0, OpCode.DELETE_CONTAINER, List.of(), new DeleteRequest(p, -1));
            }
            long s = session();
            if (kind < 22) {
                List<MultiOp> ops = new ArrayList<>();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    ops.add(op(db, rnd.nextInt(90)));
                }
                return new Txn(zxid, time, s, 2, OpCode.MULTI, auth, new MultiRequest(ops));
            }
            MultiOp op = kind < 30 ? setAcl(db) : op(db, kind - 30);
            return new Txn(zxid, time, s, 3, op.type(), auth, op.request());
        }

        private MultiOp setAcl(ZkDatabase db) {
            return new MultiOp(OpCode.SET_ACL, new SetACLRequest(path(db), ACLS.get(rnd.nextInt(ACLS.size())), version()));
        }

        private int version() {
            return rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(3);
        }

        private MultiOp op(ZkDatabase db, int k) {
            String p = path(db);
            byte[] data = rnd.nextInt(8) == 0 ? null : Fixture.b("d" + rnd.nextInt(100));
            List<ACL> acl = ACLS.get(rnd.nextInt(ACLS.size()));
            if (k < 30) {
                int flags = rnd.nextInt(10) == 0 ? 7 : rnd.nextInt(5);
                int type = new int[] {OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER}[rnd.nextInt(3)];
                if (type == OpCode.CREATE_CONTAINER) {
                    flags = 4;
                }
                return new MultiOp(type, new CreateRequest(p, data, acl, flags));
            }
            if (k < 36) {
                long ttl = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(20_000);
                return new MultiOp(OpCode.CREATE_TTL, new CreateTTLRequest(p, data, acl, 5 + rnd.nextInt(2), ttl));
            }
            if (k < 60) {
                return new MultiOp(OpCode.DELETE, new DeleteRequest(p, version()));
            }
            if (k < 80) {
                return new MultiOp(OpCode.SET_DATA, new SetDataRequest(p, data, version()));
            }
            return new MultiOp(OpCode.CHECK, new CheckVersionRequest(p, version()));
        }
    }
}
