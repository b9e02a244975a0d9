package io.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recovery benchmark's parsing and arithmetic; no servers. */
class RecoverySummaryTest {
    private static final String HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:       1000123       64007872  [B (java.base@17.0.15)
               2:       1000050       24001200  java.lang.String (java.base@17.0.15)
            3117:             1             16  sun.util.resources.LocaleData$1 (java.base@17.0.15)
            Total       4127301      213417712
            """;

    @Test
    void liveBytesAreTheTotalLinesBytesColumn() throws IOException {
        assertEquals(213_417_712L, HeapUse.totalBytes(HISTOGRAM));
    }

    @Test
    void aHistogramWithoutTotalIsAnErrorNotZero() {
        assertThrows(IOException.class, () -> HeapUse.totalBytes("12345:\nCommand failed\n"));
    }

    @Test
    void heapPerZnodeIsTheGrowthOverTheEmptyServerPerZnodeAdded() {
        RecoveryResult r = new RecoveryResult("warden", 1_000, 100, 100_000, 900, 2.0,
                10_000_000, 10_500_000, 10_400_000, List.of(3_000L, 1_000L, 2_000L, 4_000L), "");
        assertEquals(500.0, r.heapPerZnode(), 1e-9);
        assertEquals(400.0, r.heapPerZnodeAfterRestart(), 1e-9);
        assertEquals(2_000, r.medianRestartMillis());
        String row = r.markdownRow();
        assertTrue(row.startsWith("| warden | 1,000 | 100000 | 900 | 2.0 | 2,000 | 3,000 / 1,000 / 2,000 / 4,000 |"), row);
        assertTrue(row.contains("| 500 | 400 |"), row);
    }

    @Test
    void aMissingRestartHeapIsShownAsMissing() {
        RecoveryResult r = new RecoveryResult("zookeeper", 10, 100, 100_000, 900, 1.0, 100, 200, -1, List.of(5L), "");
        assertTrue(Double.isNaN(r.heapPerZnodeAfterRestart()));
        assertTrue(r.markdownRow().contains("| 10 | - |"), r.markdownRow());
        assertEquals(5, r.medianRestartMillis());
    }

    @Test
    void theTreeHasAThousandChildrenPerParentAndCountsParentsAndRoot() {
        assertEquals("/r/p0/c999", Populate.node("/r", 999));
        assertEquals("/r/p1/c1000", Populate.node("/r", 1000));
        assertEquals(1_000_000 + 1_000 + 1, Populate.znodes(1_000_000));
        assertEquals(1_001 + 2 + 1, Populate.znodes(1_001));
    }
}
