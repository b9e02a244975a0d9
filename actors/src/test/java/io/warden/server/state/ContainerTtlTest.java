package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.api.data.EventType;
import io.warden.api.proto.Code;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.OpCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTtlTest {
    static final long S = 0x5L;

    @Test
    void containerBecomesACandidateOnceItHadAChildAndIsEmpty() {
        Fixture f = new Fixture();
        f.session(S);
        f.container(S, "/c");
        assertEquals(List.of(), f.db.deletableContainersAndTtls(f.time), "never used: kept");
        assertEquals(Code.BADVERSION.intValue(), f.deleteContainer("/c").err(), "re-checked at apply");
        f.create(S, "/c/x");
        assertEquals(List.of(), f.db.deletableContainersAndTtls(f.time), "has a child");
        assertEquals(Code.NOTEMPTY.intValue(), f.deleteContainer("/c").err());
        f.delete(S, "/c/x", -1);
        assertEquals(List.of("/c"), f.db.deletableContainersAndTtls(f.time));
        f.read(S, OpCode.GET_CHILDREN, new GetChildrenRequest("/", true));
        Applied d = f.deleteContainer("/c");
        assertEquals(0, d.err());
        assertNull(d.response());
        assertEquals(List.of(Watches.event(S, EventType.NodeChildrenChanged, "/")), d.notifications());
        assertNull(f.stat("/c"));
        assertEquals(List.of(), f.db.deletableContainersAndTtls(f.time));
        assertEquals(Code.NONODE.intValue(), f.deleteContainer("/c").err());
    }

    @Test
    void ttlNodeExpiresWhenUnmodifiedForLongerThanItsTtl() {
        Fixture f = new Fixture();
        f.session(S);
        f.ttl(S, "/t", 1000);
        long mtime = f.stat("/t").mtime();
        assertEquals(List.of(), f.db.deletableContainersAndTtls(mtime + 1000));
        assertEquals(List.of("/t"), f.db.deletableContainersAndTtls(mtime + 1001));
        // A write refreshes it: the candidate is checked again with the txn's time.
        f.setData(S, "/t", "touch", -1);
        long touched = f.stat("/t").mtime();
        f.time = touched + 500;
        assertEquals(Code.BADVERSION.intValue(), f.deleteContainer("/t").err());
        f.create(S, "/t/child");
        f.time = touched + 5000;
        assertEquals(List.of(), f.db.deletableContainersAndTtls(f.time), "has a child");
        assertEquals(Code.NOTEMPTY.intValue(), f.deleteContainer("/t").err());
        f.delete(S, "/t/child", -1);
        assertEquals(List.of("/t"), f.db.deletableContainersAndTtls(f.time));
        assertEquals(0, f.deleteContainer("/t").err());
        assertNull(f.stat("/t"));
    }

    @Test
    void onlyContainersAndTtlNodesCanBeContainerDeleted() {
        Fixture f = new Fixture();
        f.session(S);
        f.create(S, "/plain");
        f.create(S, "/e", "", io.warden.api.data.CreateMode.EPHEMERAL);
        assertEquals(Code.BADVERSION.intValue(), f.deleteContainer("/plain").err());
        assertEquals(Code.BADVERSION.intValue(), f.deleteContainer("/e").err());
        assertEquals(Code.BADARGUMENTS.intValue(), f.deleteContainer("/zookeeper").err());
        assertEquals(Code.BADARGUMENTS.intValue(), f.deleteContainer("/").err());
        assertEquals(Code.NONODE.intValue(), f.deleteContainer("/none").err());
    }

    @Test
    void candidatesAreSorted() {
        Fixture f = new Fixture();
        f.session(S);
        for (String p : List.of("/z", "/b", "/m")) {
            f.container(S, p);
            f.create(S, p + "/x");
            f.delete(S, p + "/x", -1);
        }
        f.ttl(S, "/a", 1);
        assertEquals(List.of("/a", "/b", "/m", "/z"), f.db.deletableContainersAndTtls(f.time + 100));
    }
}
