package io.warden.persistence.log;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** How the log builds its Chronicle queues. */
final class Queues {
    private Queues() {
    }

    /**
     * Chronicle's own msync is switched off ({@link SyncMode#NONE}): its {@code appender.sync()} only logs an msync
     * failure and syncs just the current mapped chunk, so the log forces the cycle files itself (see
     * {@link ChronicleTxnLog#sync()}), where a failure is an exception.
     */
    static SingleChronicleQueue open(Path dir, LogOptions options) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(options.rollCycle())
                .timeProvider(options.timeProvider())
                .syncMode(SyncMode.NONE)
                .build();
    }
}
