package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.ExistsResponse;
import io.warden.api.proto.GetACLRequest;
import io.warden.api.proto.GetACLResponse;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.GetChildrenResponse;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiOpResult;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.MultiResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetACLResponse;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetDataResponse;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The same random writes sent to a real ZooKeeper 3.9.5 (in-process, test scope only) through its client
 * and applied to a ZkDatabase with ZooKeeper's zxids: every error code, created path, returned stat
 * (except wall-clock times) and the resulting nodes (stat, data, children, ACL) must be equal.
 * Needs io.dropwizard.metrics:metrics-core on the test classpath (ZooKeeper's server uses it; its POM marks it
 * provided); without it the test is skipped. Run it with
 * {@code -Dmaven.test.additionalClasspath=$HOME/.m2/repository/io/dropwizard/metrics/metrics-core/4.1.12.1/metrics-core-4.1.12.1.jar}
 * or add that artifact as a test dependency of this module.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZooKeeperDifferentialTest {
    static final String[] NAMES = {"a", "b", "s-"};
    ZooKeeperServer server;
    ServerCnxnFactory factory;
    File dir;
    final List<ZooKeeper> clients = new ArrayList<>();
    final List<List<Id>> auths = new ArrayList<>();
    Id alice;
    ZkDatabase db;
    final Random rnd = new Random(Long.getLong("warden.diff.seed", 7));
    long time = 1;

    @BeforeAll
    void start() throws Exception {
        // ZooKeeper's server needs dropwizard metrics-core and snappy-java, "provided" dependencies of its POM that
        // actors/pom.xml adds in test scope: a missing one must fail the build, not skip the comparison.
        Assertions.assertTrue(present("com.codahale.metrics.Reservoir") && present("org.xerial.snappy.SnappyInputStream"),
                "metrics-core or snappy-java is not on the test classpath");
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(Level.WARN);
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        dir = Files.createTempDirectory("zk-diff").toFile();
        server = new ZooKeeperServer(dir, dir, 2000);
        factory = ServerCnxnFactory.createFactory(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        factory.startup(server);
        db = new ZkDatabase(new StateOptions(true));
        alice = new Id("digest", DigestAuthenticationProvider.generateDigest("alice:pw"));
        connect(false);
        connect(true);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (factory == null) {
            return;
        }
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        factory.shutdown();
        server.shutdown();
        System.clearProperty("zookeeper.extendedTypesEnabled");
        try (var files = Files.walk(dir.toPath())) {
            files.sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
        }
    }

    private int connect(boolean asAlice) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + factory.getLocalPort(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertTrue(connected.await(20, TimeUnit.SECONDS), "connect to ZooKeeper");
        apply(zk.getSessionId(), OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(zk.getSessionTimeout()));
        List<Id> auth = new ArrayList<>(List.of(new Id("ip", "127.0.0.1")));
        if (asAlice) {
            zk.addAuthInfo("digest", "alice:pw".getBytes());
            zk.exists("/", false); // addAuthInfo is asynchronous: a round trip makes sure it arrived
            auth.add(alice);
        }
        clients.add(zk);
        auths.add(auth);
        return clients.size() - 1;
    }

    /** Applies a txn to our database with the zxid ZooKeeper gave the same request. */
    private Applied apply(long session, int type, List<Id> auth, Object body) {
        time += 1000;
        return db.apply(new Txn(server.getLastProcessedZxid(), time, session, 0, type, auth, body));
    }

    private String path() {
        int r = rnd.nextInt(40);
        if (r == 0) {
            return "/";
        } else if (r == 1) {
            return "/zookeeper";
        } else if (r == 2) {
            return "/zookeeper/config";
        }
        StringBuilder p = new StringBuilder();
        for (int d = 0, n = 1 + rnd.nextInt(3); d < n; d++) {
            p.append('/').append(NAMES[rnd.nextInt(NAMES.length)]);
        }
        return p.toString();
    }

    private List<ACL> acl() {
        return switch (rnd.nextInt(8)) {
            case 0 -> io.warden.api.data.Ids.CREATOR_ALL_ACL;
            case 1 -> io.warden.api.data.Ids.READ_ACL_UNSAFE;
            case 2 -> List.of(new ACL(Perms.ALL, alice));
            case 3 -> List.of(new ACL(Perms.ALL, new Id("ip", "127.0.0.0/8")));
            case 4 -> List.of(new ACL(Perms.READ | Perms.CREATE, new Id("ip", "10.0.0.0/8")),
                    new ACL(Perms.READ | Perms.DELETE | Perms.CREATE, io.warden.api.data.Ids.ANYONE_ID_UNSAFE));
            default -> io.warden.api.data.Ids.OPEN_ACL_UNSAFE;
        };
    }

    private static List<org.apache.zookeeper.data.ACL> toZk(List<ACL> acl) {
        List<org.apache.zookeeper.data.ACL> out = new ArrayList<>();
        for (ACL a : acl) {
            out.add(new org.apache.zookeeper.data.ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id())));
        }
        return out;
    }

    private static List<ACL> fromZk(List<org.apache.zookeeper.data.ACL> acl) {
        List<ACL> out = new ArrayList<>();
        for (org.apache.zookeeper.data.ACL a : acl) {
            out.add(new ACL(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId())));
        }
        return out;
    }

    /** A stat without its wall-clock times, which the two servers cannot share. */
    private static Stat timeless(Stat s) {
        return s == null ? null : new Stat(s.czxid(), s.mzxid(), 0, 0, s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    private static Stat fromZk(org.apache.zookeeper.data.Stat s) {
        return s == null ? null : new Stat(s.getCzxid(), s.getMzxid(), 0, 0, s.getVersion(), s.getCversion(),
                s.getAversion(), s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(), s.getPzxid());
    }

    private interface ZkCall {
        Object call() throws Exception;
    }

    /** Runs the call on ZooKeeper: its result, or the KeeperException code, or null if the client refused it. */
    private Object onZk(ZkCall call) throws Exception {
        try {
            return call.call();
        } catch (KeeperException e) {
            return e;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int err(Object zkResult) {
        return zkResult instanceof KeeperException e ? e.code().intValue() : 0;
    }

    @Test
    void randomWritesMatchZooKeeper() throws Exception {
        int compared = 0;
        int failures = 0;
        for (int i = 0; i < 1500; i++) {
            int c = rnd.nextInt(clients.size());
            if (rnd.nextInt(100) == 0) {
                c = closeAndReplace(c);
                continue;
            }
            ZooKeeper zk = clients.get(c);
            List<Id> auth = auths.get(c);
            long sid = zk.getSessionId();
            String path = path();
            byte[] data = rnd.nextInt(6) == 0 ? null : ("v" + rnd.nextInt(50)).getBytes();
            int version = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(3);
            long before = server.getLastProcessedZxid();
            int kind = rnd.nextInt(100);
            Object zkResult;
            Applied ours = null;
            if (kind < 40) {
                CreateMode mode = CreateMode.values()[rnd.nextInt(CreateMode.values().length)];
                List<ACL> acl = acl();
                boolean withStat = rnd.nextBoolean() || mode.isTTL();
                long ttl = mode.isTTL() ? 1 + rnd.nextInt(100_000) : -1;
                org.apache.zookeeper.data.Stat out = new org.apache.zookeeper.data.Stat();
                zkResult = onZk(() -> withStat ? zk.create(path, data, toZk(acl), mode, out, ttl)
                        : zk.create(path, data, toZk(acl), mode));
                if (server.getLastProcessedZxid() != before) {
                    int type = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTTL() ? OpCode.CREATE_TTL
                            : withStat ? OpCode.CREATE2 : OpCode.CREATE;
                    Object body = mode.isTTL() ? new CreateTTLRequest(path, data, acl, mode.toFlag(), ttl)
                            : new CreateRequest(path, data, acl, mode.toFlag());
                    ours = apply(sid, type, auth, body);
                    if (err(zkResult) == 0 && ours.response() instanceof Create2Response r) {
                        assertEquals(zkResult, r.path(), "create " + path + " " + mode);
                        if (withStat) {
                            assertEquals(fromZk(out), timeless(r.stat()), "create " + path + " " + mode);
                        }
                    } else if (err(zkResult) == 0) {
                        assertEquals(new CreateResponse((String) zkResult), ours.response());
                    }
                }
            } else if (kind < 55) {
                zkResult = onZk(() -> {
                    zk.delete(path, version);
                    return "ok";
                });
                if (server.getLastProcessedZxid() != before) {
                    ours = apply(sid, OpCode.DELETE, auth, new DeleteRequest(path, version));
                }
            } else if (kind < 70) {
                zkResult = onZk(() -> zk.setData(path, data, version));
                if (server.getLastProcessedZxid() != before) {
                    ours = apply(sid, OpCode.SET_DATA, auth, new SetDataRequest(path, data, version));
                    if (err(zkResult) == 0) {
                        assertEquals(fromZk((org.apache.zookeeper.data.Stat) zkResult),
                                timeless(((SetDataResponse) ours.response()).stat()));
                    }
                }
            } else if (kind < 78) {
                List<ACL> acl = acl();
                zkResult = onZk(() -> zk.setACL(path, toZk(acl), version));
                if (server.getLastProcessedZxid() != before) {
                    ours = apply(sid, OpCode.SET_ACL, auth, new SetACLRequest(path, acl, version));
                    if (err(zkResult) == 0) {
                        assertEquals(fromZk((org.apache.zookeeper.data.Stat) zkResult),
                                timeless(((SetACLResponse) ours.response()).stat()));
                    }
                }
            } else {
                List<Op> zkOps = new ArrayList<>();
                List<MultiOp> ourOps = new ArrayList<>();
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
                    multiOp(zkOps, ourOps);
                }
                zkResult = onZk(() -> zk.multi(zkOps));
                if (server.getLastProcessedZxid() != before) {
                    ours = apply(sid, OpCode.MULTI, auth, new MultiRequest(ourOps));
                    List<OpResult> zkResults = zkResult instanceof KeeperException e ? e.getResults()
                            : castResults(zkResult);
                    compareMulti(zkResults, (MultiResponse) ours.response());
                    zkResult = zkResult instanceof KeeperException ? "failed multi" : zkResult;
                }
            }
            if (ours == null) {
                continue;
            }
            assertEquals(server.getLastProcessedZxid(), db.lastZxid());
            assertEquals(err(zkResult), ours.err(), () -> "txn " + db.lastZxid() + " on " + path);
            compared++;
            failures += ours.err() != 0 ? 1 : 0;
            compareNodes(zk, auth, path);
        }
        assertTrue(compared > 1000, "compared " + compared);
        assertTrue(failures > 200 && failures < compared - 200, "failures " + failures + " of " + compared);
        compareWholeTree();
    }

    @SuppressWarnings("unchecked")
    private static List<OpResult> castResults(Object o) {
        return (List<OpResult>) o;
    }

    private void multiOp(List<Op> zkOps, List<MultiOp> ourOps) {
        String path = path();
        byte[] data = ("m" + rnd.nextInt(9)).getBytes();
        int version = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(3);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                CreateMode mode = CreateMode.values()[rnd.nextInt(5)];
                List<ACL> acl = acl();
                zkOps.add(Op.create(path, data, toZk(acl), mode));
                ourOps.add(new MultiOp(mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE,
                        new CreateRequest(path, data, acl, mode.toFlag())));
            }
            case 1 -> {
                zkOps.add(Op.delete(path, version));
                ourOps.add(new MultiOp(OpCode.DELETE, new DeleteRequest(path, version)));
            }
            case 2 -> {
                zkOps.add(Op.setData(path, data, version));
                ourOps.add(new MultiOp(OpCode.SET_DATA, new SetDataRequest(path, data, version)));
            }
            default -> {
                zkOps.add(Op.check(path, version));
                ourOps.add(new MultiOp(OpCode.CHECK, new CheckVersionRequest(path, version)));
            }
        }
    }

    private void compareMulti(List<OpResult> zk, MultiResponse ours) {
        assertEquals(zk.size(), ours.results().size());
        for (int i = 0; i < zk.size(); i++) {
            OpResult z = zk.get(i);
            MultiOpResult o = ours.results().get(i);
            assertEquals(z.getType(), o.type(), "result " + i);
            if (z instanceof OpResult.ErrorResult e) {
                assertEquals(e.getErr(), o.err(), "error of result " + i);
            } else if (z instanceof OpResult.CreateResult cr) {
                String ourPath = o.body() instanceof CreateResponse r ? r.path() : ((Create2Response) o.body()).path();
                assertEquals(cr.getPath(), ourPath);
                if (cr.getStat() != null) {
                    assertEquals(fromZk(cr.getStat()), timeless(((Create2Response) o.body()).stat()));
                }
            } else if (z instanceof OpResult.SetDataResult sd) {
                assertEquals(fromZk(sd.getStat()), timeless(((SetDataResponse) o.body()).stat()));
            }
        }
    }

    private int closeAndReplace(int c) throws Exception {
        ZooKeeper zk = clients.get(c);
        long sid = zk.getSessionId();
        List<Id> auth = auths.get(c);
        zk.close();
        Applied ours = apply(sid, OpCode.CLOSE_SESSION, auth, null);
        assertEquals(List.of(sid), ours.closedSessions());
        clients.remove(c);
        auths.remove(c);
        connect(rnd.nextBoolean());
        compareWholeTree();
        return c;
    }

    /** The node, its parent and (for sequential names) nothing else can have changed. */
    private void compareNodes(ZooKeeper zk, List<Id> auth, String path) throws Exception {
        Set<String> paths = new LinkedHashSet<>(List.of(path, Paths.parentOf(path.equals("/") ? "/x" : path)));
        for (String p : paths) {
            compareNode(p);
        }
    }

    private void compareNode(String p) throws Exception {
        List<Id> sup = List.of(new Id("super", ""));
        org.apache.zookeeper.data.Stat zs = new org.apache.zookeeper.data.Stat();
        byte[] zkData;
        try {
            zkData = server.getZKDatabase().getData(p, zs, null);
        } catch (KeeperException.NoNodeException e) {
            assertEquals(null, ((ExistsResponse) db.read(1, sup, OpCode.EXISTS, new ExistsRequest(p, false)).response()));
            return;
        }
        Served data = db.read(1, sup, OpCode.GET_DATA, new GetDataRequest(p, false));
        assertEquals(0, data.err(), "exists in ours: " + p);
        GetDataResponse d = (GetDataResponse) data.response();
        assertEquals(fromZk(zs), timeless(d.stat()), "stat of " + p);
        assertTrue(Arrays.equals(zkData, d.data()) || (zkData == null && d.data() == null), "data of " + p);
        List<String> zkChildren = new ArrayList<>(server.getZKDatabase().getChildren(p, null, null));
        zkChildren.sort(null);
        assertEquals(zkChildren, ((GetChildrenResponse) db.read(1, sup, OpCode.GET_CHILDREN,
                new GetChildrenRequest(p, false)).response()).children(), "children of " + p);
        assertEquals(fromZk(server.getZKDatabase().getACL(p, null)),
                ((GetACLResponse) db.read(1, sup, OpCode.GET_ACL, new GetACLRequest(p)).response()).acl(), "acl of " + p);
    }

    private void compareWholeTree() throws Exception {
        List<String> stack = new ArrayList<>(List.of("/"));
        int n = 0;
        while (!stack.isEmpty()) {
            String p = stack.remove(stack.size() - 1);
            compareNode(p);
            n++;
            for (String child : server.getZKDatabase().getChildren(p, null, null)) {
                stack.add(p.equals("/") ? "/" + child : p + "/" + child);
            }
        }
        assertEquals(server.getZKDatabase().getNodeCount(), db.nodeCount());
        assertEquals(server.getZKDatabase().getDataTree().approximateDataSize(), db.approximateDataSize());
        assertEquals(server.getZKDatabase().getDataTree().getEphemeralsCount(), db.ephemeralCount());
        assertTrue(n >= 4);
    }
}
