package io.warden.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.state.StateOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a leader asks its log when it syncs a learner: {@code contains} (is the learner's last zxid ours?) and
 * {@code floor} (where to truncate a learner that holds txns we never had), against their definitions over the entries
 * actually logged, across epochs, gaps inside an epoch (proposals of a failed leader that were truncated away) and an
 * epoch that logged nothing.
 */
class LogHistoryTest {
    @TempDir
    Path dir;

    @Test
    void containsAndFloorAgreeWithTheLoggedEntries() throws Exception {
        Random random = new Random(42);
        List<Long> logged = new ArrayList<>();
        try (TxnLog log = TxnLog.open(dir.resolve("log"), LogOptions.defaults())) {
            for (long epoch : new long[] {1, 2, 4, 5}) { // epoch 3 logged nothing
                long counter = 0;
                for (int i = 0; i < 100; i++) {
                    counter += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
                    long zxid = (epoch << 32) | counter;
                    log.append(zxid, new byte[] {(byte) i});
                    logged.add(zxid);
                }
            }
            log.sync();
            LogHistory history = new LogHistory(log, new SnapshotStore(dir.resolve("snapshots")), new StateOptions(false));
            List<Long> probes = new ArrayList<>(logged);
            for (long epoch = 0; epoch <= 6; epoch++) {
                for (long counter : new long[] {0, 1, 2, 7, 150, 299, 400, 10_000}) {
                    probes.add((epoch << 32) | counter);
                }
            }
            for (long z : logged) {
                probes.add(z - 1);
                probes.add(z + 1);
            }
            for (long z : probes) {
                long floor = logged.get(0) - 1; // the base: the history starts just before the log's first entry
                for (long e : logged) {
                    if (e <= z) {
                        floor = e;
                    }
                }
                assertEquals(logged.contains(z), history.contains(z), "contains 0x" + Long.toHexString(z));
                assertEquals(floor, history.floor(z), "floor 0x" + Long.toHexString(z));
            }
        }
    }
}
