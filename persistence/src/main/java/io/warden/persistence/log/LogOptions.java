package io.warden.persistence.log;

import java.util.Objects;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How a {@link TxnLog} is kept.
 *
 * @param forceSync    true: {@link TxnLog#sync()} forces appended entries to the device. false: it does nothing, which
 *                     is ZooKeeper's {@code forceSync=no}: fast, and a power cut can lose acknowledged writes.
 * @param rollCycle    how often Chronicle starts a new cycle file; purging removes whole cycle files, so a shorter cycle
 *                     frees disk sooner.
 * @param timeProvider the clock Chronicle uses to pick the cycle of an append (tests pass a settable one).
 */
public record LogOptions(boolean forceSync, RollCycle rollCycle, TimeProvider timeProvider) {
    public LogOptions {
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(timeProvider, "timeProvider");
    }

    /** Durable, hourly cycle files, system clock. */
    public static LogOptions defaults() {
        return new LogOptions(true, RollCycles.FAST_HOURLY, SystemTimeProvider.INSTANCE);
    }

    public LogOptions withForceSync(boolean force) {
        return new LogOptions(force, rollCycle, timeProvider);
    }

    public LogOptions withRollCycle(RollCycle cycle) {
        return new LogOptions(forceSync, cycle, timeProvider);
    }

    public LogOptions withTimeProvider(TimeProvider time) {
        return new LogOptions(forceSync, rollCycle, time);
    }
}
