package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.proto.Code;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetEphemeralsRequest;
import io.warden.api.proto.GetEphemeralsResponse;
import io.warden.api.proto.OpCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {
    static final long A = 0x0100_0000_0000_0001L;
    static final long B = 0x0100_0000_0000_0002L;

    @Test
    void sessionsAreTrackedWithTheirTimeouts() {
        Fixture f = new Fixture();
        assertEquals(Map.of(), f.db.sessions());
        Applied c = f.session(A, 4000);
        assertEquals(new Applied(c.zxid(), A, c.cxid(), OpCode.CREATE_SESSION, 0, null, List.of(), List.of(), List.of(), List.of()), c);
        f.session(B, 6000);
        assertEquals(Map.of(A, 4000, B, 6000), f.db.sessions());
        assertTrue(f.db.hasSession(A));
    }

    @Test
    void closeDeletesEphemeralsFiresWatchesAndForgetsTheSession() {
        Fixture f = new Fixture();
        f.session(A);
        f.session(B);
        f.create(A, "/dir");
        f.create(A, "/dir/e1", "", CreateMode.EPHEMERAL);
        f.create(A, "/dir/e2", "", CreateMode.EPHEMERAL_SEQUENTIAL);
        f.create(A, "/p", "", CreateMode.PERSISTENT);
        f.create(B, "/dir/b", "", CreateMode.EPHEMERAL);
        assertEquals(List.of("/dir/e1", "/dir/e20000000001"), f.db.ephemerals(A));
        assertEquals(3, f.db.ephemeralCount());
        f.read(B, OpCode.GET_CHILDREN, new GetChildrenRequest("/dir", true));
        f.read(B, OpCode.GET_DATA, new GetDataRequest("/dir/e1", true));
        f.read(A, OpCode.GET_DATA, new GetDataRequest("/p", true));

        Applied close = f.close(A);
        assertEquals(0, close.err());
        assertEquals(List.of(A), close.closedSessions());
        assertEquals(List.of(Watches.event(B, EventType.NodeDeleted, "/dir/e1"),
                Watches.event(B, EventType.NodeChildrenChanged, "/dir")), close.notifications());
        assertNull(f.stat("/dir/e1"));
        assertNull(f.stat("/dir/e20000000001"));
        assertEquals(close.zxid(), f.stat("/dir").pzxid());
        assertEquals(List.of(), f.db.ephemerals(A));
        assertEquals(1, f.db.ephemeralCount());
        assertFalse(f.db.hasSession(A));
        assertEquals(Map.of(B, 30_000), f.db.sessions());
        // The closed session's watches went with it.
        assertEquals(List.of(), f.setData(B, "/p", "x", -1).notifications());
        // And it can write no more.
        assertEquals(Code.SESSIONEXPIRED.intValue(), f.create(A, "/late").err());
    }

    @Test
    void closingAnUnknownSessionIsHarmless() {
        Fixture f = new Fixture();
        long digest = f.db.digest();
        Applied close = f.close(0x42);
        assertEquals(0, close.err());
        assertEquals(List.of(0x42L), close.closedSessions());
        assertEquals(digest, f.db.digest());
    }

    @Test
    void getEphemeralsOfTheCallerWithPrefix() {
        Fixture f = new Fixture();
        f.session(A);
        f.session(B);
        f.create(A, "/app");
        f.create(A, "/app/one", "", CreateMode.EPHEMERAL);
        f.create(A, "/apple", "", CreateMode.EPHEMERAL);
        f.create(A, "/other", "", CreateMode.EPHEMERAL);
        f.create(B, "/app/two", "", CreateMode.EPHEMERAL);
        assertEquals(List.of("/app/one", "/apple", "/other"), ephemerals(f, A, "/"));
        assertEquals(List.of("/app/one", "/apple", "/other"), ephemerals(f, A, " "));
        assertEquals(List.of("/app/one", "/apple", "/other"), ephemerals(f, A, null));
        assertEquals(List.of("/app/one", "/apple"), ephemerals(f, A, "/app"));
        assertEquals(List.of("/app/one"), ephemerals(f, A, "/app/"));
        assertEquals(List.of("/app/two"), ephemerals(f, B, "/"));
        assertEquals(Map.of(A, List.of("/app/one", "/apple", "/other"), B, List.of("/app/two")), f.db.ephemeralsBySession());
    }

    private static List<String> ephemerals(Fixture f, long session, String prefix) {
        return ((GetEphemeralsResponse) f.read(session, OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(prefix)).response())
                .ephemerals();
    }
}
