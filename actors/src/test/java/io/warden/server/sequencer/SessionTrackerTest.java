package io.warden.server.sequencer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {
    @Test
    void sessionExpiresOnlyAfterItsTimeoutWithoutSignOfLife() {
        SessionTracker t = new SessionTracker();
        t.add(1, 1000, 0);
        t.add(2, 3000, 0);
        assertEquals(List.of(), t.expire(999));
        assertTrue(t.touch(1, 900));
        assertEquals(List.of(), t.expire(1899));
        assertEquals(List.of(1L), t.expire(1900));
        assertFalse(t.touch(1, 2000), "an expired session is no longer tracked");
        assertEquals(List.of(2L), t.expire(3000));
        assertEquals(0, t.size());
    }

    @Test
    void expiredSessionsComeOutInIdOrder() {
        SessionTracker t = new SessionTracker();
        for (long id : new long[] {9, 3, 7}) {
            t.add(id, 10, 0);
        }
        assertEquals(List.of(3L, 7L, 9L), t.expire(10));
    }

    @Test
    void reattachMayChangeTheTimeout() {
        SessionTracker t = new SessionTracker();
        t.add(1, 1000, 0);
        t.touch(1, 5000, 500);
        assertEquals(List.of(), t.expire(5499));
        assertEquals(List.of(1L), t.expire(5500));
    }

    @Test
    void removedSessionNeverExpires() {
        SessionTracker t = new SessionTracker();
        t.add(1, 10, 0);
        t.remove(1);
        assertEquals(List.of(), t.expire(100));
    }

    @Test
    void sessionIdsCarryTheServerIdAndAreUnique() {
        SessionIds ids = new SessionIds(5, 1_700_000_000_000L);
        long a = ids.nextId();
        long b = ids.nextId();
        assertNotEquals(a, b);
        assertEquals(5, a >>> 56);
    }

    @Test
    void passwordIsDerivedFromTheIdSoAnyServerCanCheckIt() {
        byte[] p = SessionIds.password(0x1234L);
        assertEquals(16, p.length);
        assertArrayEquals(p, SessionIds.password(0x1234L));
        assertTrue(SessionIds.checkPassword(0x1234L, p));
        assertFalse(SessionIds.checkPassword(0x1235L, p));
        assertFalse(SessionIds.checkPassword(0, SessionIds.password(0)));
    }
}
