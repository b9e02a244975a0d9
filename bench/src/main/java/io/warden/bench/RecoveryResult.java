package io.warden.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the recovery benchmark measured for one server kind.
 *
 * @param znodes          znodes the populate phase added (nodes with data, their parents and the root)
 * @param emptyStartMillis the first, empty start: launch to an answer to srvr (the JVM and the server's own start-up)
 * @param emptyLiveBytes  live heap of the freshly started, empty server
 * @param fullLiveBytes   live heap once populated
 * @param restartedLiveBytes live heap after the first restart, or -1 if not taken
 * @param restartMillis   per restart: process launch to the first successful getData of a known node
 * @param onDisk          what the data directory held at the restarts (snapshots, logs)
 */
record RecoveryResult(String kind, long znodes, int dataSize, int snapCount, long emptyStartMillis, double populateSeconds,
                      long emptyLiveBytes, long fullLiveBytes, long restartedLiveBytes, List<Long> restartMillis,
                      String onDisk) {

    /** Heap the populated tree costs per znode: live bytes over the empty server's, divided by the znodes added. */
    double heapPerZnode() {
        return perZnode(fullLiveBytes);
    }

    /** The same after a restart, where the tree was rebuilt from disk rather than grown request by request. */
    double heapPerZnodeAfterRestart() {
        return restartedLiveBytes < 0 ? Double.NaN : perZnode(restartedLiveBytes);
    }

    private double perZnode(long live) {
        return znodes <= 0 ? Double.NaN : (double) (live - emptyLiveBytes) / znodes;
    }

    /** Median restart time (the lower middle for an even count), or -1 with none. */
    long medianRestartMillis() {
        if (restartMillis.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(restartMillis);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    static final String MARKDOWN_HEADER = "| server | znodes | snapCount | empty start ms | populate s | restart ms (median) | restarts ms"
            + " | live heap empty MiB | live heap full MiB | heap B/znode | heap B/znode after restart | on disk |\n"
            + "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|\n";

    String markdownRow() {
        return String.format(Locale.ROOT, "| %s | %,d | %d | %,d | %.1f | %,d | %s | %.1f | %.1f | %.0f | %s | %s |%n", kind, znodes,
                snapCount, emptyStartMillis, populateSeconds, medianRestartMillis(),
                String.join(" / ", restartMillis.stream().map(m -> String.format(Locale.ROOT, "%,d", m)).toList()),
                emptyLiveBytes / 1048576.0, fullLiveBytes / 1048576.0, heapPerZnode(),
                Double.isNaN(heapPerZnodeAfterRestart()) ? "-" : String.format(Locale.ROOT, "%.0f", heapPerZnodeAfterRestart()),
                onDisk);
    }

    String toJson() {
        return new Json().field("kind", kind).field("znodes", znodes).field("dataSize", dataSize)
                .field("snapCount", snapCount).field("emptyStartMillis", emptyStartMillis).field("populateSeconds", populateSeconds)
                .field("emptyLiveBytes", emptyLiveBytes).field("fullLiveBytes", fullLiveBytes)
                .field("restartedLiveBytes", restartedLiveBytes)
                .raw("restartMillis", restartMillis.toString())
                .field("medianRestartMillis", medianRestartMillis())
                .field("heapBytesPerZnode", heapPerZnode()).field("heapBytesPerZnodeAfterRestart", heapPerZnodeAfterRestart())
                .field("onDisk", onDisk).toString();
    }
}
