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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts a standalone Warden and a standalone Apache ZooKeeper (child JVMs, same heap, same zoo.cfg, each in its
 * own data directory on this disk) and runs every workload against them alternately — round 1: Warden, ZooKeeper;
 * round 2: Warden, ZooKeeper; ... — then prints Warden/ZooKeeper ratios of the medians.
 */
@Command(name = "side-by-side", mixinStandardHelpOptions = true,
        description = "Warden vs Apache ZooKeeper on this machine: same client, same workloads, alternating runs.")
public final class SideBySide implements Callable<Integer> {
    @Mixin
    LoadOptions load;

    @Option(names = {"-r", "--rounds"}, defaultValue = "3", description = "runs per workload and server (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--prewarm", paramLabel = "S", defaultValue = "0",
            description = "before the measured rounds, run every workload against every target for S seconds and"
                    + " discard it, so that both servers' JIT compilers are done before anything is measured (a JVM"
                    + " takes a minute or more on 2 cores; the first rounds otherwise measure warm-up) (default: 0)")
    double prewarmSeconds;

    @Option(names = "--heap", defaultValue = "1g", description = "-Xms/-Xmx of both servers (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--snap-count", defaultValue = "100000",
            description = "zoo.cfg snapCount for both servers (default: ${DEFAULT-VALUE}, ZooKeeper's)")
    int snapCount;

    @Option(names = "--ensemble", paramLabel = "N", defaultValue = "1",
            description = "servers per target: 1 = standalone (default), 3 = a 3-server ensemble of each kind, the"
                    + " connect string naming all of them; both ensembles get ZooKeeper's sample timing (tickTime=2000,"
                    + " initLimit=10, syncLimit=5)")
    int ensemble;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the data directories go (default: a new temp dir)")
    Path workDir;

    @Option(names = "--keep", description = "keep data directories and server logs")
    boolean keep;

    @Option(names = "--warden-home", paramLabel = "DIR", description = "checkout with cli/target built (default: the one this was built in)")
    Path wardenHome;

    @Option(names = "--warden-jvm-opts", paramLabel = "OPTS", defaultValue = "", description = "extra JVM options for Warden (e.g. a JFR recording)")
    String wardenJvmOpts;

    @Option(names = "--zookeeper-jvm-opts", paramLabel = "OPTS", defaultValue = "", description = "extra JVM options for ZooKeeper")
    String zookeeperJvmOpts;

    @Option(names = "--ready-timeout", paramLabel = "S", defaultValue = "60",
            description = "seconds a server may take to start (default: ${DEFAULT-VALUE}; more on a loaded machine)")
    int readyTimeoutSeconds;

    @Option(names = "--kinds", split = ",", defaultValue = "warden,zookeeper",
            description = "warden, zookeeper (default: both; one kind alone gives its figures without ratios, e.g. to A/B"
                    + " two Warden builds or JVM options in separate invocations)")
    List<String> kinds;

    @Option(names = "--json", paramLabel = "FILE", description = "write every run and the comparisons as JSON")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the comparison table as Markdown")
    Path markdown;

    /** This JVM's classpath with absolute entries: the server JVMs run in their own directories. */
    static String absoluteClasspath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e.endsWith("*") ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + java.io.File.separator + "*"
                        : Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private Target start(ServerKind kind, Path base, LaunchOptions launch) throws IOException, InterruptedException {
        return ensemble == 1 ? Target.standalone(kind, base, launch, keep)
                : Target.ensemble(kind, ensemble, ZooCfgWriter.Timing.ZOOKEEPER_SAMPLE, base, launch, keep);
    }

    @Override
    public Integer call() throws Exception {
        if (ensemble != 1 && ensemble != 3 && ensemble != 5) {
            throw new IllegalArgumentException("--ensemble must be 1, 3 or 5");
        }
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--rounds must be 1..20");
        }
        PrintStream out = System.out;
        BenchProperties props = new BenchProperties();
        LaunchOptions launch = new LaunchOptions(heap, wardenHome != null ? wardenHome.toAbsolutePath() : props.wardenHome(),
                props.wardenJvmFlags(), BenchProperties.splitFlags(wardenJvmOpts), absoluteClasspath(),
                BenchProperties.splitFlags(zookeeperJvmOpts), snapCount, Duration.ofSeconds(readyTimeoutSeconds));
        Path jar = launch.wardenHome().resolve("cli/target/warden-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build with  mvn -o -q -B -pl bench -am package -DskipTests");
        }
        Path base = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("warden-bench-");
        List<Workload> workloads = load.workloads();
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        out.println("side-by-side " + started + " on " + Machine.describe());
        out.println("data under " + base + "; heap " + heap + " each; " + load.sessions + " sessions x " + load.inFlight
                + " in flight" + (load.rate > 0 ? " at most, " + load.rate + " requests/s offered (open loop)" : "")
                + "; " + load.dataSize + " B data; warm-up " + load.warmupSeconds + " s, measured "
                + load.measureSeconds + " s; " + rounds + " rounds"
                + (prewarmSeconds > 0 ? " after " + prewarmSeconds + " s of each workload to prewarm" : "") + "; snapCount " + snapCount
                + (ensemble > 1 ? "; " + ensemble + "-server ensembles" : "; standalone"));
        List<Result> results = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        try {
            for (String k : kinds) {
                targets.add(start(ServerKind.valueOf(k.trim().toUpperCase(Locale.ROOT)), base, launch));
            }
            for (Target t : targets) {
                for (ServerProcess s : t.servers()) {
                    out.printf("%-12s pid %d on %s, ready in %d ms%s%n", s.name(), s.pid(), s.address(), s.readyMillis(),
                            ensemble > 1 ? " (" + s.mode() + ")" : "");
                }
                out.println(t.name() + ": " + t.settings() + (t.name().equals(ServerKind.ZOOKEEPER.label())
                        ? " (Apache ZooKeeper " + props.zookeeperVersion() + ")" : "") + "; connect " + t.connectString());
            }
            out.println("cpu us/op: CPU time of the server process(es) in the measured period per request");
            out.println();
            if (prewarmSeconds > 0) {
                // Alternating, as the rounds do, so neither warms up while the other idles.
                for (Workload w : workloads) {
                    for (Target t : targets) {
                        t.checkAlive();
                        LoadSpec spec = load.spec(w).withPeriods(
                                Duration.ofMillis(Math.round(prewarmSeconds * 1000)), Duration.ofSeconds(1));
                        LoadRun.run(t.name(), 0, t.connectString(), spec, null, out);
                        out.println("prewarmed " + t.name() + " with " + w.label() + " for " + prewarmSeconds + " s");
                    }
                }
                out.println();
            }
            out.println(Report.RESULT_HEADER);
            for (int round = 1; round <= rounds; round++) {
                for (Workload w : workloads) {
                    for (Target t : targets) {
                        t.checkAlive();
                        Result r = LoadRun.run(t.name(), round, t.connectString(), load.spec(w), t::cpuNanos, out);
                        results.add(r);
                        out.println(Report.resultRow(r));
                    }
                }
            }
        } finally {
            for (Target t : targets) {
                t.close();
            }
            if (!keep) {
                Target.deleteTree(base);
            }
        }
        List<Comparison> cs = Comparison.of(results, ServerKind.WARDEN.label(), ServerKind.ZOOKEEPER.label());
        if (targets.size() == 1) {
            out.println();
            out.println("medians over " + rounds + " rounds of " + targets.get(0).name() + ":");
            for (Workload w : workloads) {
                List<Result> rs = results.stream().filter(r -> r.workload() == w).toList();
                out.printf("%-12s %,10.0f ops/s  p99 %8.2f ms  cpu %8.1f us/op%n", w.label(),
                        Comparison.median(rs.stream().mapToDouble(Result::opsPerSec).toArray()),
                        Comparison.median(rs.stream().mapToDouble(Result::p99Us).toArray()) / 1000.0,
                        Comparison.median(rs.stream().mapToDouble(Result::serverCpuUsPerOp).toArray()));
            }
        }
        out.println();
        out.println("medians over " + rounds + " rounds; ratio = warden / zookeeper (ops/s: higher is better for warden;"
                + " p99: lower is better for warden)");
        out.print(Report.comparisons(cs));
        if (json != null) {
            Files.writeString(json, new Json().field("started", started).field("machine", Machine.describe())
                    .field("heap", heap).field("rounds", rounds).field("prewarmSec", prewarmSeconds).field("ensemble", ensemble)
                    .raw("comparisons", Json.array(cs.stream().map(Comparison::toJson).toList()))
                    .raw("results", Json.array(results.stream().map(Result::toJson).toList())) + "\n");
        }
        if (markdown != null) {
            Files.writeString(markdown, Report.markdown(cs));
        }
        return 0;
    }
}
