package io.warden.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.ZooKeeper;

/**
 * One measurement against one server or ensemble: open the sessions, build the tree, load through a bounded
 * warm-up and a bounded measured period, drain, close. Every phase has a deadline.
 */
public final class LoadRun {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong RUNS = new AtomicLong();

    private LoadRun() {
    }

    /**
     * @param target        a name for the report ("warden", "zookeeper", ...)
     * @param connectString the client's connect string: one server, or every member of an ensemble
     * @param serverCpuNanos the servers' CPU time so far (-1 if unknown), or null when the servers are not ours
     */
    public static Result run(String target, int round, String connectString, LoadSpec spec, LongSupplier serverCpuNanos,
                             PrintStream log) throws Exception {
        byte[] data = new byte[spec.dataSize()];
        new SplittableRandom(42).nextBytes(data);
        String root = "/bench-" + spec.workload().label() + "-" + Long.toString(System.currentTimeMillis(), 36)
                + "-" + RUNS.incrementAndGet();
        List<ZooKeeper> sessions = Sessions.open(connectString, spec.sessions(), CONNECT_TIMEOUT);
        try {
            Setup setup = Setup.create(sessions.get(0), root, spec, data, SETUP_TIMEOUT);
            Driver driver = new Driver(sessions, setup, spec, data);
            driver.start();
            try {
                pause(spec.warmup());
                driver.latencyUs.getIntervalHistogram(); // discards the warm-up
                long errorsBefore = driver.errors.sum();
                long cpuBefore = serverCpuNanos == null ? -1 : serverCpuNanos.getAsLong();
                long start = System.nanoTime();
                pause(spec.measure());
                Histogram measured = driver.latencyUs.getIntervalHistogram();
                long end = System.nanoTime();
                long cpuAfter = serverCpuNanos == null ? -1 : serverCpuNanos.getAsLong();
                double cpuUsPerOp = cpuBefore < 0 || cpuAfter < 0 || measured.getTotalCount() == 0 ? Double.NaN
                        : (cpuAfter - cpuBefore) / 1e3 / measured.getTotalCount();
                long errors = driver.errors.sum() - errorsBefore;
                if (driver.fatal() != null) {
                    log.println("  ! " + target + " " + spec.workload().label() + ": " + driver.fatal());
                }
                driver.stop();
                awaitDrained(driver, log);
                String check = Verify.check(sessions.get(0), setup, spec.workload(), driver.expectedBumps.sum(), SETUP_TIMEOUT);
                if (!check.equals("ok") && !check.equals("n/a")) {
                    log.println("  ! " + target + " " + spec.workload().label() + " verification: " + check);
                }
                return Result.of(target, round, spec, measured, errors, (end - start) / 1e9, cpuUsPerOp, check);
            } finally {
                driver.stop();
            }
        } finally {
            Sessions.close(sessions);
        }
    }

    /** Waits for the measured period; the load runs on the client threads meanwhile. */
    private static void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    private static void awaitDrained(Driver driver, PrintStream log) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (driver.outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (driver.outstanding() > 0) {
            log.println("  ! " + driver.outstanding() + " requests still outstanding after " + DRAIN_TIMEOUT.toSeconds()
                    + " s; closing the sessions anyway");
        }
    }
}
