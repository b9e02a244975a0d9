package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    static final long S = 0xabcL;

    static Fixture populated() {
        Fixture f = new Fixture();
        f.session(S, 5000);
        f.session(S + 1, 7000);
        f.create(S, "/a", "alpha", CreateMode.PERSISTENT);
        f.create(S, "/a/s-", "", CreateMode.PERSISTENT_SEQUENTIAL);
        f.create(S, "/a/e", "eph", CreateMode.EPHEMERAL);
        f.container(S, "/c");
        f.ttl(S, "/t", 60_000);
        Id alice = new Id("digest", "alice:h");
        f.txn(S, OpCode.CREATE, new CreateRequest("/secret", null, List.of(new ACL(Perms.ALL, alice)), 0), List.of(alice));
        f.setData(S, "/a", "beta", -1);
        f.create(S, "/a/gone");
        f.delete(S, "/a/gone", -1);
        return f;
    }

    static byte[] snapshot(ZkDatabase db) {
        JuteOutput out = new JuteOutput();
        db.writeSnapshot(out);
        return out.toByteArray();
    }

    @Test
    void roundTripKeepsEverything() {
        Fixture f = populated();
        byte[] bytes = snapshot(f.db);
        ZkDatabase copy = ZkDatabase.readSnapshot(new JuteInput(bytes), new StateOptions(true));
        assertEquals(f.db.digest(), copy.digest());
        assertEquals(f.db.lastZxid(), copy.lastZxid());
        assertEquals(f.db.sessions(), copy.sessions());
        assertEquals(f.db.ephemerals(S), copy.ephemerals(S));
        assertEquals(f.db.nodeCount(), copy.nodeCount());
        assertEquals(f.db.approximateDataSize(), copy.approximateDataSize());
        assertEquals(f.db.deletableContainersAndTtls(Long.MAX_VALUE / 2), copy.deletableContainersAndTtls(Long.MAX_VALUE / 2));
        assertArrayEquals(bytes, snapshot(copy), "equal states write equal bytes");
    }

    @Test
    void anImageIsSizedForItsSnapshotExactly() {
        Fixture f = populated();
        f.create(S, "/zürich", "multi-byte path", CreateMode.PERSISTENT);
        f.create(S, "/zürich/日本", "", CreateMode.PERSISTENT);
        byte[] expected = snapshot(f.db);
        StateImage image = f.db.capture();
        java.util.List<TreeImage.Entry> nodes = image.tree.inSnapshotOrder();
        assertEquals(expected.length, Snapshots.encodedSize(f.db.sessions().size(), v -> nodes.forEach(e -> v.visit(e.path(), e.node()))),
                "the size computed before writing, which lets the writer hand over its buffer without a copy");
        assertArrayEquals(expected, image.serialize());
        f.db.release(image);
    }

    @Test
    void digestTracksEveryPartOfTheState() {
        Fixture f = populated();
        long d0 = f.db.digest();
        f.setData(S, "/a", "beta", -1); // same data, but version and mzxid move
        long d1 = f.db.digest();
        assertNotEquals(d0, d1);
        f.setAcl(S, "/a", io.warden.api.data.Ids.OPEN_ACL_UNSAFE, -1, Fixture.NO_AUTH); // same ACL, aversion moves
        assertNotEquals(d1, f.db.digest());
        long d2 = f.db.digest();
        f.session(0x999);
        assertNotEquals(d2, f.db.digest());
        f.close(0x999);
        assertEquals(d2, f.db.digest(), "the same sessions and tree again");
    }

    @Test
    void sameHistoryGivesSameDigest() {
        assertEquals(populated().db.digest(), populated().db.digest());
        assertArrayEquals(snapshot(populated().db), snapshot(populated().db));
    }

    @Test
    void corruptSnapshotsAreRefused() {
        byte[] bytes = snapshot(populated().db);
        for (int cut : new int[] {0, 3, 8, 20, bytes.length / 2, bytes.length - 1}) {
            byte[] torn = Arrays.copyOf(bytes, cut);
            assertThrows(JuteException.class, () -> ZkDatabase.readSnapshot(new JuteInput(torn), new StateOptions(true)),
                    "cut at " + cut);
        }
        byte[] flipped = bytes.clone();
        int at = indexOf(flipped, "beta".getBytes());
        flipped[at] ^= 1;
        assertThrows(JuteException.class, () -> ZkDatabase.readSnapshot(new JuteInput(flipped), new StateOptions(true)));
        byte[] badMagic = bytes.clone();
        badMagic[0] ^= 1;
        assertThrows(JuteException.class, () -> ZkDatabase.readSnapshot(new JuteInput(badMagic), new StateOptions(true)));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void freshDatabaseRoundTrips() {
        ZkDatabase db = new ZkDatabase(StateOptions.DEFAULT);
        ZkDatabase copy = ZkDatabase.readSnapshot(new JuteInput(snapshot(db)), StateOptions.DEFAULT);
        assertEquals(db.digest(), copy.digest());
        assertEquals(5, copy.nodeCount());
    }
}
