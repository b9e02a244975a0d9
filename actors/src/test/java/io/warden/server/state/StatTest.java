package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;
import io.warden.api.data.StatPersisted;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.GetACLRequest;
import io.warden.api.proto.GetACLResponse;
import io.warden.api.proto.SetACLResponse;
import io.warden.api.proto.SetDataResponse;
import io.warden.api.proto.OpCode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Stat values as ZooKeeper 3.9 computes them (DataTree, DataNode.copyStat). */
class StatTest {
    static final long S = 0x1234L;

    @Test
    void freshTreeLooksLikeAFreshZooKeeper() {
        Fixture f = new Fixture();
        // The root has one child created by no txn: its client cversion is 0 * 2 - 1.
        assertEquals(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), f.stat("/"));
        assertEquals(new Stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0), f.stat("/zookeeper"));
        assertEquals(new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), f.stat("/zookeeper/quota"));
        assertEquals(new Stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0), f.stat("/zookeeper/config"));
        GetACLResponse acl = (GetACLResponse) f.read(1, OpCode.GET_ACL, new GetACLRequest("/zookeeper/config")).response();
        assertEquals(Ids.READ_ACL_UNSAFE, acl.acl());
        assertEquals(5, f.db.nodeCount());
        assertEquals(44, f.db.approximateDataSize());
        assertEquals(0, f.db.lastZxid());
    }

    @Test
    void statEvolvesAsZooKeeperDocuments() {
        Fixture f = new Fixture();
        f.session(S);
        Applied c = f.create(S, "/a", "hello", CreateMode.PERSISTENT);
        long z1 = c.zxid();
        long t1 = f.time;
        assertEquals(new CreateResponse("/a"), c.response());
        assertEquals(new Stat(z1, z1, t1, t1, 0, 0, 0, 0, 5, 0, z1), f.stat("/a"));
        assertEquals(new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, z1), f.stat("/"));

        Applied sd = f.setData(S, "/a", "hi", 0);
        long z2 = sd.zxid();
        long t2 = f.time;
        Stat afterSet = new Stat(z1, z2, t1, t2, 1, 0, 0, 0, 2, 0, z1);
        assertEquals(new SetDataResponse(afterSet), sd.response());
        assertEquals(afterSet, f.stat("/a"));

        long z3 = f.create(S, "/a/c1").zxid();
        long z4 = f.create(S, "/a/c2").zxid();
        assertEquals(new Stat(z1, z2, t1, t2, 1, 2, 0, 0, 2, 2, z4), f.stat("/a"));
        assertEquals(z3, f.stat("/a/c1").czxid());

        // A delete counts as a change of the children (cversion 3) and moves pzxid.
        long z5 = f.delete(S, "/a/c1", -1).zxid();
        assertEquals(new Stat(z1, z2, t1, t2, 1, 3, 0, 0, 2, 1, z5), f.stat("/a"));

        Applied sa = f.setAcl(S, "/a", Ids.OPEN_ACL_UNSAFE, 0, Fixture.NO_AUTH);
        Stat afterAcl = new Stat(z1, z2, t1, t2, 1, 3, 1, 0, 2, 1, z5);
        assertEquals(new SetACLResponse(afterAcl), sa.response());
        assertEquals(afterAcl, f.stat("/a"));

        // A failed txn moves nothing.
        assertEquals(-103, f.setData(S, "/a", "x", 0).err());
        assertEquals(afterAcl, f.stat("/a"));
    }

    @Test
    void create2AnswersTheNewStatAndOwnersShowOnlyForSessions() {
        Fixture f = new Fixture();
        f.session(S);
        Applied e = f.create2(S, "/e", Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, Fixture.NO_AUTH);
        Create2Response r = (Create2Response) e.response();
        assertEquals("/e", r.path());
        assertEquals(S, r.stat().ephemeralOwner());
        assertEquals(r.stat(), f.stat("/e"));
        // Containers and TTL nodes keep their marker owner internally but clients see 0 (DataNode.copyStat).
        Create2Response cr = (Create2Response) f.container(S, "/c").response();
        assertEquals(0, cr.stat().ephemeralOwner());
        assertEquals(0, f.stat("/c").ephemeralOwner());
        Create2Response tr = (Create2Response) f.ttl(S, "/t", 5000).response();
        assertEquals(0, tr.stat().ephemeralOwner());
        // A plain create with the container flag is persistent, as ZooKeeper's CreateTxn makes it.
        Fixture.ok(f.create(S, "/p", "", CreateMode.CONTAINER));
        f.create(S, "/p/x");
        f.delete(S, "/p/x", -1);
        f.create(S, "/c/x");
        f.delete(S, "/c/x", -1);
        assertEquals(List.of("/c"), f.db.deletableContainersAndTtls(f.time));
    }

    @Test
    void sequentialSuffixIsTheParentsCreationCount() {
        Fixture f = new Fixture();
        f.session(S);
        f.create(S, "/q");
        assertEquals("/q/n-0000000000", ((CreateResponse) f.create(S, "/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL).response()).path());
        f.create(S, "/q/other");
        assertEquals("/q/n-0000000002", ((CreateResponse) f.create(S, "/q/n-", "", CreateMode.EPHEMERAL_SEQUENTIAL).response()).path());
        f.delete(S, "/q/other", -1);
        // Deletions do not reuse numbers: the stored count only grows.
        assertEquals("/q/0000000003", ((CreateResponse) f.create(S, "/q/", "", CreateMode.PERSISTENT_SEQUENTIAL).response()).path());
        // A failed sequential create does not consume a number.
        Fixture.ok(f.create(S, "/q/0000000004"));
        assertEquals(-114, f.txn(S, OpCode.CREATE, new io.warden.api.proto.CreateRequest("/q/", null, List.of(), 2)).err());
        assertEquals("/q/0000000005", ((CreateResponse) f.create(S, "/q/", "", CreateMode.PERSISTENT_SEQUENTIAL).response()).path());
        // A name taken by hand collides: the manual create itself moved the count onto it.
        Fixture.ok(f.create(S, "/q/x0000000007"));
        assertEquals(-110, f.create(S, "/q/x", "", CreateMode.PERSISTENT_SEQUENTIAL).err());
    }

    @Test
    void sequentialSuffixPastIntegerMaxIsNegativeAsInZooKeeper() {
        DataTree tree = DataTree.initial(false);
        tree.load("/big", new byte[0], Ids.OPEN_ACL_UNSAFE,
                new StatPersisted(1, 1, 1, 1, 0, Integer.MAX_VALUE, 0, 0, 1));
        Map<Long, Integer> sessions = new TreeMap<>(Map.of(S, 1000));
        JuteOutput out = new JuteOutput();
        Snapshots.write(out, 1, sessions, tree, ZkDatabase.digestOf(tree, sessions));
        ZkDatabase db = ZkDatabase.readSnapshot(new JuteInput(out.toByteArray()), new StateOptions(false));
        Applied a = db.apply(new io.warden.api.txn.Txn(2, 5, S, 1, OpCode.CREATE, List.of(),
                new io.warden.api.proto.CreateRequest("/big/s", null, Ids.OPEN_ACL_UNSAFE, 2)));
        assertEquals(new CreateResponse("/big/s2147483647"), a.response());
        Applied b = db.apply(new io.warden.api.txn.Txn(3, 5, S, 2, OpCode.CREATE, List.of(),
                new io.warden.api.proto.CreateRequest("/big/s", null, Ids.OPEN_ACL_UNSAFE, 2)));
        assertEquals(new CreateResponse("/big/s-2147483648"), b.response());
    }

    @Test
    void authAclExpandsToTheCreatorsDigestIds() {
        Fixture f = new Fixture();
        f.session(S);
        var alice = new io.warden.api.data.Id("digest", "alice:h");
        f.create2(S, "/mine", Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT, List.of(Fixture.NO_AUTH.get(0), alice));
        Served s = f.db.read(S, List.of(alice), OpCode.GET_ACL, new GetACLRequest("/mine"));
        assertEquals(List.of(new ACL(Perms.ALL, alice)), ((GetACLResponse) s.response()).acl());
    }
}
