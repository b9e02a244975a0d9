package io.warden.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Restart time and heap per znode, Warden against Apache ZooKeeper, each standalone with the same heap and zoo.cfg:
 * start empty, take the live heap, fill with N znodes through the client, take the live heap again, then stop the
 * server (SIGKILL, a crash: nothing is flushed on the way out) and time launch → first successful getData, R times.
 */
@Command(name = "recovery", mixinStandardHelpOptions = true,
        description = "Restart time with N znodes and heap per znode, Warden vs Apache ZooKeeper (standalone).")
public final class Recovery implements Callable<Integer> {
    private static final String ROOT = "/recovery";

    @Option(names = {"-n", "--znodes"}, defaultValue = "1000000", description = "znodes with data to create (default: ${DEFAULT-VALUE})")
    long count;

    @Option(names = "--data-size", defaultValue = "100", description = "bytes per znode (default: ${DEFAULT-VALUE})")
    int dataSize;

    @Option(names = {"-c", "--sessions"}, defaultValue = "4", description = "client sessions that populate (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = {"-k", "--in-flight"}, defaultValue = "256", description = "async creates in flight per session (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = {"-r", "--restarts"}, defaultValue = "3", description = "restarts timed per server (default: ${DEFAULT-VALUE})")
    int restarts;

    @Option(names = "--kinds", defaultValue = "warden,zookeeper", split = ",", description = "servers to measure (default: ${DEFAULT-VALUE})")
    List<String> kinds;

    @Option(names = "--heap", defaultValue = "2g", description = "-Xms/-Xmx of both servers (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--snap-count", defaultValue = "100000",
            description = "zoo.cfg snapCount (default: ${DEFAULT-VALUE}, ZooKeeper's; above the znode count: recovery from the log alone)")
    int snapCount;

    @Option(names = "--populate-timeout", defaultValue = "1200", description = "seconds the populate phase may take (default: ${DEFAULT-VALUE})")
    int populateTimeoutSeconds;

    @Option(names = "--restart-timeout", defaultValue = "300", description = "seconds a restart may take (default: ${DEFAULT-VALUE})")
    int restartTimeoutSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the data directories go (default: a new temp dir)")
    Path workDir;

    @Option(names = "--keep", description = "keep data directories, server logs and the class histograms (histogram-*.txt)")
    boolean keep;

    @Option(names = "--warden-jvm-opts", paramLabel = "OPTS", defaultValue = "", description = "extra JVM options for Warden")
    String wardenJvmOpts;

    @Option(names = "--zookeeper-jvm-opts", paramLabel = "OPTS", defaultValue = "", description = "extra JVM options for ZooKeeper")
    String zookeeperJvmOpts;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the results table as Markdown")
    Path markdown;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || restarts < 1 || restarts > 20 || sessions < 1 || inFlight < 1) {
            throw new IllegalArgumentException("need --znodes >= 1, --restarts 1..20, --sessions >= 1, --in-flight >= 1");
        }
        PrintStream out = System.out;
        BenchProperties props = new BenchProperties();
        LaunchOptions launch = new LaunchOptions(heap, props.wardenHome(), props.wardenJvmFlags(),
                BenchProperties.splitFlags(wardenJvmOpts), SideBySide.absoluteClasspath(),
                BenchProperties.splitFlags(zookeeperJvmOpts), snapCount, Duration.ofSeconds(120));
        Path base = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("warden-recovery-");
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        out.println("recovery " + started + " on " + Machine.describe());
        out.println("data under " + base + "; heap " + heap + " each; " + count + " znodes of " + dataSize + " B; snapCount "
                + snapCount + "; " + restarts + " restarts after SIGKILL; live heap = jcmd GC.class_histogram Total");
        List<RecoveryResult> results = new ArrayList<>();
        try {
            List<Filled> filled = new ArrayList<>();
            for (String k : kinds) {
                filled.add(fill(ServerKind.valueOf(k.trim().toUpperCase(Locale.ROOT)), base, launch, out));
            }
            // Restarts alternate between the kinds, so a burst of load from elsewhere on the machine hits both.
            for (int i = 1; i <= restarts; i++) {
                for (Filled f : filled) {
                    restart(f, i, out);
                }
            }
            for (Filled f : filled) {
                results.add(f.result(count, dataSize, snapCount));
            }
        } finally {
            if (!keep) {
                Target.deleteTree(base);
            }
        }
        out.println();
        out.print(RecoveryResult.MARKDOWN_HEADER);
        results.forEach(r -> out.print(r.markdownRow()));
        if (json != null) {
            Files.writeString(json, new Json().field("started", started).field("machine", Machine.describe())
                    .field("heap", heap).raw("results", Json.array(results.stream().map(RecoveryResult::toJson).toList())) + "\n");
        }
        if (markdown != null) {
            Files.writeString(markdown, RecoveryResult.MARKDOWN_HEADER + String.join("", results.stream().map(RecoveryResult::markdownRow).toList()));
        }
        return 0;
    }

    /** A populated server, stopped, and what was measured of it so far. */
    private static final class Filled {
        final ServerKind kind;
        final List<String> command;
        final Path dir;
        final int port;
        final String probe;
        final byte[] data;
        long emptyReadyMillis;
        long emptyLive;
        long fullLive;
        long restartedLive = -1;
        double populateSeconds;
        String onDisk;
        final List<Long> restartMillis = new ArrayList<>();

        Filled(ServerKind kind, List<String> command, Path dir, int port, String probe, byte[] data) {
            this.kind = kind;
            this.command = command;
            this.dir = dir;
            this.port = port;
            this.probe = probe;
            this.data = data;
        }

        RecoveryResult result(long count, int dataSize, int snapCount) {
            return new RecoveryResult(kind.label(), Populate.znodes(count), dataSize, snapCount, emptyReadyMillis,
                    populateSeconds, emptyLive, fullLive, restartedLive, List.copyOf(restartMillis), onDisk);
        }
    }

    /** Starts the server empty, takes its live heap, fills it, takes the live heap again, and kills it. */
    private Filled fill(ServerKind kind, Path base, LaunchOptions launch, PrintStream out)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(base.resolve(kind.label()));
        int port = ServerProcess.freePort();
        Path cfg = ZooCfgWriter.write(dir, port, snapCount, List.of());
        byte[] data = new byte[dataSize];
        Arrays.fill(data, (byte) 'x');
        Filled f = new Filled(kind, kind.command(launch, cfg), dir, port, Populate.node(ROOT, count - 1), data);
        ServerProcess server = ServerProcess.start(kind.label(), f.command, dir, port, launch.readyTimeout());
        try {
            f.emptyReadyMillis = server.readyMillis();
            out.printf("%s: pid %d on %s, ready in %d ms%n", kind.label(), server.pid(), server.address(), server.readyMillis());
            f.emptyLive = HeapUse.liveBytes(server.pid(), dir.resolve("histogram-empty.txt"));
            out.printf("%s: empty, live heap %.1f MiB; populating %,d znodes%n", kind.label(), f.emptyLive / 1048576.0, count);
            List<ZooKeeper> clients = Sessions.open(server.address(), sessions, Duration.ofSeconds(30));
            AtomicLong progress = new AtomicLong();
            long t0 = System.nanoTime();
            try {
                Thread reporter = progressReporter(kind, progress, out);
                try {
                    Populate.run(clients, ROOT, count, data, inFlight, Duration.ofSeconds(populateTimeoutSeconds), progress);
                } finally {
                    reporter.interrupt();
                }
            } finally {
                Sessions.close(clients);
            }
            f.populateSeconds = (System.nanoTime() - t0) / 1e9;
            f.fullLive = HeapUse.settledLiveBytes(server.pid(), dir.resolve("histogram-full.txt"), Duration.ofSeconds(3), 10);
            out.printf("%s: populated in %.1f s (%,.0f creates/s), live heap %.1f MiB%n", kind.label(), f.populateSeconds,
                    count / f.populateSeconds, f.fullLive / 1048576.0);
        } finally {
            server.kill();
        }
        f.onDisk = onDisk(dir.resolve("data"));
        out.println(kind.label() + ": killed; on disk " + f.onDisk);
        return f;
    }

    /** Launches the killed server again on its data and times launch → first successful getData of the last node. */
    private void restart(Filled f, int i, PrintStream out) throws IOException, InterruptedException {
        ServerProcess again = ServerProcess.launch(f.kind.label(), f.command, f.dir, f.port);
        try {
            long t0 = System.nanoTime();
            FirstRead.await(again, f.probe, f.data, t0 + TimeUnit.SECONDS.toNanos(restartTimeoutSeconds));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            f.restartMillis.add(ms);
            out.printf("%s: restart %d served %s after %,d ms%n", f.kind.label(), i, f.probe, ms);
            if (i == 1) {
                f.restartedLive = HeapUse.liveBytes(again.pid(), f.dir.resolve("histogram-restarted.txt"));
            }
        } finally {
            again.kill();
        }
    }

    private static Thread progressReporter(ServerKind kind, AtomicLong progress, PrintStream out) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    TimeUnit.SECONDS.sleep(30);
                    out.printf("%s: %,d created%n", kind.label(), progress.get());
                }
            } catch (InterruptedException e) {
                // populate finished
            }
        }, "populate-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Files and bytes in the data directory at restart, split into snapshots and the rest (logs, metadata). */
    static String onDisk(Path data) throws IOException {
        long snapFiles = 0;
        long snapBytes = 0;
        long otherBytes = 0;
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                long size = Files.size(p);
                String rel = data.relativize(p).toString();
                if (rel.contains("snap")) {
                    snapFiles++;
                    snapBytes += size;
                } else {
                    otherBytes += size;
                }
            }
        }
        return String.format(Locale.ROOT, "%d snapshot files %.0f MiB, other files %.0f MiB (apparent sizes)", snapFiles, snapBytes / 1048576.0,
                otherBytes / 1048576.0);
    }
}
