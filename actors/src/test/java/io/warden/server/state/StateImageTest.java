package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteInput;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A snapshot image is the state at its zxid: written after any number of later txns, it gives exactly the bytes
 * writeSnapshot gave at capture time.
 */
class StateImageTest {
    static final Comparator<String> PRE_ORDER = Comparator.comparing(TreeImage::sortKey, Arrays::compare);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 2026})
    void anImageWrittenAfterRandomWritesIsTheStateAtItsZxid(long seed) {
        RandomReplicaTest.Run run = new RandomReplicaTest.Run(seed);
        Random rnd = new Random(seed);
        ZkDatabase db = new ZkDatabase(new StateOptions(true));
        int images = 0;
        for (int round = 0; round < 12; round++) {
            for (int i = rnd.nextInt(400); i > 0; i--) {
                db.apply(run.next(db));
            }
            byte[] atCapture = RandomReplicaTest.snapshot(db);
            StateImage image = db.capture();
            assertEquals(db.lastZxid(), image.lastZxid());
            for (int i = 1 + rnd.nextInt(400); i > 0; i--) {
                db.apply(run.next(db));
            }
            assertArrayEquals(atCapture, image.serialize(), "image of zxid " + image.lastZxid());
            assertArrayEquals(atCapture, image.serialize(), "an image may be written twice");
            db.release(image);
            images++;
        }
        assertEquals(12, images);
        assertTrue(db.nodeCount() > 5, "the workload built a tree");
    }

    @Test
    void everyKindOfChangeAfterTheCaptureLeavesTheImageAlone() {
        long s = 0xabcL;
        Fixture f = SnapshotTest.populated();
        f.create(s, "/q");
        for (int i = 0; i < 3; i++) {
            f.create(s, "/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL);
        }
        byte[] atCapture = SnapshotTest.snapshot(f.db);
        long digest = f.db.digest();
        StateImage image = f.db.capture();

        f.create(s, "/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL); // parent's cversion and pzxid, a new node
        f.delete(s, "/q/n-0000000000", -1);
        f.setData(s, "/a", "gamma", -1);
        f.setAcl(s, "/a", Ids.READ_ACL_UNSAFE, -1, Fixture.NO_AUTH);
        f.create(s, "/c/child"); // the container's first child
        f.delete(s, "/c/child", -1);
        f.deleteContainer("/c");
        f.create(s, "/a/gone"); // a path deleted before the capture comes back
        // A multi that fails undoes its create, setData and delete.
        f.multi(s, new MultiOp(OpCode.CREATE, new CreateRequest("/q/m", null, Ids.OPEN_ACL_UNSAFE, 0)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/q", Fixture.b("m"), -1)),
                new MultiOp(OpCode.DELETE, new DeleteRequest("/q/n-0000000001", -1)),
                new MultiOp(OpCode.DELETE, new DeleteRequest("/nothing", -1)));
        f.close(s); // its ephemeral /a/e goes, and the session
        f.session(0x777L);

        assertArrayEquals(atCapture, image.serialize());
        ZkDatabase restored = ZkDatabase.readSnapshot(new JuteInput(image.serialize()), new StateOptions(true));
        assertEquals(digest, restored.digest());
        assertEquals(List.of("/a/e"), restored.ephemerals(s));
    }

    @Test
    void theImageOrdersPathsAsTheTreeWalks() {
        // Names with characters that sort below '/' and names that extend others.
        long s = 1;
        Fixture f = new Fixture();
        f.session(s);
        for (String p : List.of("/a", "/a-b", "/a.b", "/a!", "/a b", "/ab", "/a/x", "/a/x/y", "/a/x-y", "/a/x/y/z",
                "/a/-", "/a/0", "/b", "/a-b/a", "/zookeeper/q")) {
            assertEquals(0, f.create(s, p).err(), p);
        }
        byte[] atCapture = SnapshotTest.snapshot(f.db);
        StateImage image = f.db.capture();
        assertArrayEquals(atCapture, image.serialize());
    }

    @Test
    void preOrderComparesComponentByComponent() {
        List<String> paths = new ArrayList<>(List.of("/", "/a", "/a/b", "/a-b", "/a.b/c", "/ab", "/a/b/c", "/a/bc",
                "/a/b-c", "/\u00e9", "/zookeeper", "/zookeeper/quota", "/a/b/c/d"));
        Collections.shuffle(paths, new Random(3));
        paths.sort(PRE_ORDER);
        assertEquals(List.of("/", "/a", "/a/b", "/a/b/c", "/a/b/c/d", "/a/b-c", "/a/bc", "/a-b", "/a.b/c", "/ab",
                "/zookeeper", "/zookeeper/quota", "/\u00e9"), paths);
        // Siblings sort as the children sets sort them.
        TreeSet<String> names = new TreeSet<>(List.of("b", "b-c", "bc", "b c", "B"));
        List<String> siblings = new ArrayList<>(names.stream().map(n -> "/a/" + n).toList());
        Collections.reverse(siblings);
        siblings.sort(PRE_ORDER);
        assertEquals(names.stream().map(n -> "/a/" + n).toList(), siblings);
    }

    @Test
    void oneImageAtATimeAndNoWritingAfterRelease() {
        Fixture f = SnapshotTest.populated();
        StateImage image = f.db.capture();
        assertThrows(IllegalStateException.class, f.db::capture);
        f.db.release(image);
        assertThrows(IllegalStateException.class, image::serialize);
        StateImage next = f.db.capture();
        assertArrayEquals(SnapshotTest.snapshot(f.db), next.serialize());
    }

    @Test
    void anImageWrittenOnAnotherThreadWhileTxnsApplyIsTheStateAtItsZxid() throws Exception {
        RandomReplicaTest.Run run = new RandomReplicaTest.Run(99);
        ZkDatabase db = new ZkDatabase(new StateOptions(true));
        for (int i = 0; i < 3000; i++) {
            db.apply(run.next(db));
        }
        for (int round = 0; round < 5; round++) {
            byte[] atCapture = RandomReplicaTest.snapshot(db);
            StateImage image = db.capture();
            CompletableFuture<byte[]> written = CompletableFuture.supplyAsync(image::serialize);
            for (int i = 0; i < 2000; i++) {
                db.apply(run.next(db));
            }
            assertArrayEquals(atCapture, written.get(30, TimeUnit.SECONDS));
            db.release(image);
        }
    }

    /** Txns apply to the database the image was taken from; the image's zxid never moves. */
    @Test
    void theImageKeepsItsZxid() {
        Fixture f = SnapshotTest.populated();
        long zxid = f.db.lastZxid();
        StateImage image = f.db.capture();
        f.db.apply(new Txn(zxid + 1, 1, 0xabcL, 1, OpCode.SET_DATA, List.of(), new SetDataRequest("/a", null, -1)));
        assertEquals(zxid, image.lastZxid());
        assertEquals(zxid, ZkDatabase.readSnapshot(new JuteInput(image.serialize()), new StateOptions(true)).lastZxid());
    }
}
