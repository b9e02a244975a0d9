package io.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover report's arithmetic; no servers. */
class FailoverSummaryTest {
    private static Failover.Kill kill(int n, long gap, long all, long expirations) {
        return new Failover.Kill("warden", n, "warden-1", gap, all, "warden-2", 1000, 5, expirations, "");
    }

    @Test
    void medianIsTheLowerMiddleAndMaxTheLast() {
        assertEquals("20", Failover.p50(List.of(10L, 20L, 30L, 40L)));
        assertEquals("30", Failover.p50(List.of(10L, 20L, 30L, 40L, 50L)));
        assertEquals("50", Failover.max(List.of(10L, 20L, 30L, 40L, 50L)));
        assertEquals("-", Failover.p50(List.of()));
    }

    @Test
    void killsThatDidNotResumeAreLeftOutOfThePercentilesButCounted() {
        String s = Failover.summary("warden", List.of(kill(1, 300, 500, 0), kill(2, -1, -1, 2), kill(3, 100, 900, 1)));
        assertTrue(s.contains("kills 3, resumed 2"), s);
        assertTrue(s.contains("gap p50 100 max 300"), s);
        assertTrue(s.contains("all sessions p50 500 max 900"), s);
        assertTrue(s.contains("session expirations 3"), s);
    }
}
