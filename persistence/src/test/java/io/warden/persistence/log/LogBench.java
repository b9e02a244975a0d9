package io.warden.persistence.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable append throughput and latency of {@link TxnLog}, by hand (not a test). Writer threads each append one entry
 * and wait until it is durable; one logger thread does what the Storage actor does: append everything queued, one
 * sync, then acknowledge the batch. Run: see persistence/README.md.
 *
 * <p>Arguments: [directory (default: a temp dir)] [seconds per mode (default 5)] [payload bytes (default 256)].
 */
public final class LogBench {
    private record Request(byte[] payload, long startNanos, CompletableFuture<Void> done) {
    }

    private record Result(String mode, long appends, long syncs, double seconds, long[] latenciesNanos) {
        void print() {
            Arrays.sort(latenciesNanos);
            System.out.printf("%-34s %9.0f appends/s  %7.0f syncs/s  %5.1f appends/sync  p50 %7.3f ms  p99 %7.3f ms%n",
                    mode, appends / seconds, syncs / seconds, syncs == 0 ? 0.0 : (double) appends / syncs,
                    pct(0.50) / 1e6, pct(0.99) / 1e6);
        }

        double pct(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))];
        }
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("logbench");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        System.out.printf("LogBench: %s, %d s per mode, %d-byte payloads, %d cores, java %s%n", base, seconds, payload,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("1 writer, forceSync=true", base.resolve("a"), true, 1, seconds, payload);
        run("8 writers, group commit, forceSync", base.resolve("b"), true, 8, seconds, payload);
        run("64 writers, group commit, forceSync", base.resolve("c"), true, 64, seconds, payload);
        run("8 writers, forceSync=false", base.resolve("d"), false, 8, seconds, payload);
    }

    private static Result run(String mode, Path dir, boolean forceSync, int writers, int seconds, int payloadSize)
            throws Exception {
        BlockingQueue<Request> queue = new ArrayBlockingQueue<>(4096);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong appends = new AtomicLong();
        AtomicLong syncs = new AtomicLong();
        try (TxnLog log = TxnLog.open(dir, LogOptions.defaults().withForceSync(forceSync))) {
            Thread logger = new Thread(() -> logLoop(log, queue, stop, measuring, appends, syncs), "logger");
            logger.start();
            List<Thread> threads = new ArrayList<>();
            List<List<Long>> lat = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<Long> mine = new ArrayList<>();
                lat.add(mine);
                Thread t = new Thread(() -> {
                    byte[] p = new byte[payloadSize];
                    while (!stop.get()) {
                        Request r = new Request(p, System.nanoTime(), new CompletableFuture<>());
                        try {
                            queue.put(r);
                            r.done().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        if (measuring.get()) {
                            mine.add(System.nanoTime() - r.startNanos());
                        }
                    }
                }, "writer-" + w);
                threads.add(t);
                t.start();
            }
            Thread.sleep(1000); // warm-up, not synchronisation
            appends.set(0);
            syncs.set(0);
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long a = appends.get();
            long s = syncs.get();
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            logger.join();
            int n = lat.stream().mapToInt(List::size).sum();
            long[] all = new long[n];
            int i = 0;
            for (List<Long> l : lat) {
                for (long v : l) {
                    all[i++] = v;
                }
            }
            Result r = new Result(mode, a, s, elapsed, all);
            r.print();
            return r;
        }
    }

    private static void logLoop(TxnLog log, BlockingQueue<Request> queue, AtomicBoolean stop, AtomicBoolean measuring,
                                AtomicLong appends, AtomicLong syncs) {
        long zxid = 0;
        List<Request> batch = new ArrayList<>();
        try {
            while (!stop.get() || !queue.isEmpty()) {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                for (Request r : batch) {
                    log.append(++zxid, r.payload());
                }
                log.sync();
                if (measuring.get()) {
                    appends.addAndGet(batch.size());
                    syncs.incrementAndGet();
                }
                for (Request r : batch) {
                    r.done().complete(null);
                }
                batch.clear();
            }
        } catch (IOException | InterruptedException e) {
            for (Request r : batch) {
                r.done().completeExceptionally(e);
            }
            throw new IllegalStateException(e);
        }
    }
}
