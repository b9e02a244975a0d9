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
import picocli.CommandLine.Option;

/**
 * Leader failover under a steady write load, for each kind: a 3-server ensemble, writers on a connect string naming
 * all three, then {@code --kills} times: find the leader (srvr), SIGKILL it, measure the gap from the kill to the
 * first successful write issued after it, restart the killed server on its data directory, wait until it serves
 * again and every session has written again, settle, repeat.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Kill the leader of a 3-server ensemble under write load; time until writes succeed again.")
public final class Failover implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "10", description = "leader kills per kind (default: ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--kinds", split = ",", defaultValue = "warden,zookeeper", description = "warden, zookeeper (default: both)")
    List<String> kinds;

    @Option(names = {"-c", "--sessions"}, defaultValue = "4", description = "writer sessions (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = {"-k", "--in-flight"}, defaultValue = "2", description = "async setData in flight per session (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xms/-Xmx of every server (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--settle", defaultValue = "2", description = "seconds of steady writing before each kill (default: ${DEFAULT-VALUE})")
    int settleSeconds;

    @Option(names = "--gap-timeout", defaultValue = "60", description = "seconds to wait for writes after a kill (default: ${DEFAULT-VALUE})")
    int gapTimeoutSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the data directories go (default: a new temp dir)")
    Path workDir;

    @Option(names = "--keep", description = "keep data directories and server logs")
    boolean keep;

    @Option(names = "--warden-home", paramLabel = "DIR", description = "checkout with cli/target built (default: the one this was built in)")
    Path wardenHome;

    @Option(names = "--json", paramLabel = "FILE", description = "write every kill as JSON")
    Path json;

    /** One kill. gapMs / allSessionsMs are -1 when writes did not resume within the limit. */
    record Kill(String kind, int n, String killed, long gapMs, long allSessionsMs, String newLeader, long restartMs,
                long errors, long expirations, String note) {
        String toJson() {
            return new Json().field("kind", kind).field("kill", n).field("killed", killed).field("gapMs", gapMs)
                    .field("allSessionsMs", allSessionsMs).field("newLeader", newLeader).field("restartMs", restartMs)
                    .field("errors", errors).field("expirations", expirations).field("note", note).toString();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (kills < 1 || kills > 100 || sessions < 1 || sessions > 64 || inFlight < 1 || inFlight > 64) {
            throw new IllegalArgumentException("--kills 1..100, --sessions 1..64, --in-flight 1..64");
        }
        PrintStream out = System.out;
        BenchProperties props = new BenchProperties();
        LaunchOptions launch = new LaunchOptions(heap, wardenHome != null ? wardenHome.toAbsolutePath() : props.wardenHome(),
                props.wardenJvmFlags(), List.of(), SideBySide.absoluteClasspath(), List.of(), 100_000, Duration.ofSeconds(120));
        Path base = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("warden-failover-");
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        out.println("failover " + started + " on " + Machine.describe());
        out.println("data under " + base + "; heap " + heap + " each; " + sessions + " sessions x " + inFlight
                + " async setData in flight; " + kills + " leader kills (SIGKILL) per kind; settle " + settleSeconds + " s");
        out.println("gap = kill -> first successful setData issued after the kill; all = -> every session has one");
        List<Kill> all = new ArrayList<>();
        try {
            for (String k : kinds) {
                ServerKind kind = ServerKind.valueOf(k.trim().toUpperCase(Locale.ROOT));
                ZooCfgWriter.Timing timing = kind == ServerKind.WARDEN ? ZooCfgWriter.Timing.WARDEN_ENSEMBLE_3
                        : ZooCfgWriter.Timing.ZOOKEEPER_SAMPLE;
                all.addAll(runKind(kind, timing, base, launch, out));
            }
        } finally {
            if (!keep) {
                Target.deleteTree(base);
            }
        }
        out.println();
        out.println("summary (ms over the kills; a kill whose writes did not resume counts as missing):");
        for (String k : kinds) {
            List<Kill> ks = all.stream().filter(x -> x.kind().equalsIgnoreCase(k.trim())).toList();
            out.println(summary(k.trim(), ks));
        }
        if (json != null) {
            Files.writeString(json, new Json().field("started", started).field("machine", Machine.describe())
                    .field("heap", heap).field("sessions", sessions).field("inFlight", inFlight)
                    .raw("kills", Json.array(all.stream().map(Kill::toJson).toList())) + "\n");
        }
        return 0;
    }

    static String summary(String kind, List<Kill> ks) {
        List<Long> gaps = ks.stream().filter(x -> x.gapMs() >= 0).map(Kill::gapMs).sorted().toList();
        List<Long> alls = ks.stream().filter(x -> x.allSessionsMs() >= 0).map(Kill::allSessionsMs).sorted().toList();
        return String.format(Locale.ROOT, "%-10s kills %d, resumed %d: gap p50 %s max %s; all sessions p50 %s max %s;"
                        + " session expirations %d", kind, ks.size(), gaps.size(), p50(gaps), max(gaps), p50(alls), max(alls),
                ks.stream().mapToLong(Kill::expirations).sum());
    }

    static String p50(List<Long> sorted) {
        return sorted.isEmpty() ? "-" : String.valueOf(sorted.get((sorted.size() - 1) / 2));
    }

    static String max(List<Long> sorted) {
        return sorted.isEmpty() ? "-" : String.valueOf(sorted.get(sorted.size() - 1));
    }

    private List<Kill> runKind(ServerKind kind, ZooCfgWriter.Timing timing, Path base, LaunchOptions launch, PrintStream out)
            throws Exception {
        List<Kill> result = new ArrayList<>();
        out.println();
        out.println(kind.label() + ": 3-server ensemble, " + timing);
        try (Target t = Target.ensemble(kind, 3, timing, base, launch, keep)) {
            for (ServerProcess s : t.servers()) {
                out.printf("  %-12s pid %d client %s dir %s, ready in %d ms (%s)%n", s.name(), s.pid(), s.address(), s.dir(),
                        s.readyMillis(), s.mode());
            }
            try (FailoverWriters w = new FailoverWriters(t.connectString(), "/failover-" + System.nanoTime(), sessions, inFlight)) {
                out.println("  negotiated session timeouts (ms): " + w.sessionTimeouts());
                out.printf("  %4s %-12s %8s %8s %-12s %10s %7s %5s %s%n", "kill", "killed", "gap ms", "all ms",
                        "new leader", "restart ms", "errors", "exp", "note");
                for (int n = 1; n <= kills; n++) {
                    Kill kill = killOnce(kind, n, t, w);
                    result.add(kill);
                    out.printf("  %4d %-12s %8d %8d %-12s %10d %7d %5d %s%n", n, kill.killed(), kill.gapMs(),
                            kill.allSessionsMs(), kill.newLeader(), kill.restartMs(), kill.errors(), kill.expirations(),
                            kill.note());
                    if (kill.gapMs() < 0) {
                        out.println("  writes did not resume; stopping this kind");
                        break;
                    }
                }
                w.stop();
                out.println("  " + w.verify());
            }
        }
        return result;
    }

    private Kill killOnce(ServerKind kind, int n, Target t, FailoverWriters w) throws Exception {
        List<String> notes = new ArrayList<>();
        int leader = awaitSingleLeader(t, Duration.ofSeconds(60));
        // Steady state first: every session writing.
        w.mark(System.nanoTime());
        awaitUntil(() -> w.allSessionsOkAfterMark() != 0, Duration.ofSeconds(30));
        sleepBounded(Duration.ofSeconds(settleSeconds));
        long errors0 = w.errors.get();
        long exp0 = w.expirations.get();
        ServerProcess victim = t.servers().get(leader);
        victim.kill();
        long killedAt = System.nanoTime();
        w.mark(killedAt);
        boolean resumed = awaitUntil(() -> w.firstOkAfterMark() != 0, Duration.ofSeconds(gapTimeoutSeconds));
        long gap = resumed ? (w.firstOkAfterMark() - killedAt) / 1_000_000 : -1;
        boolean allResumed = awaitUntil(() -> w.allSessionsOkAfterMark() != 0, Duration.ofSeconds(gapTimeoutSeconds));
        long allGap = allResumed ? (w.allSessionsOkAfterMark() - killedAt) / 1_000_000 : -1;
        if (!allResumed) {
            notes.add("sessions without a write " + gapTimeoutSeconds + " s after the kill: " + w.sessionsWithoutOkAfterMark());
        }
        String newLeader = "-";
        for (ServerProcess s : t.servers()) {
            if (s != victim && "leader".equals(s.mode())) {
                newLeader = s.name();
            }
        }
        long r0 = System.nanoTime();
        ServerProcess again = victim.relaunch();
        t.replace(leader, again);
        again.awaitReady(Duration.ofSeconds(120), true);
        // "Mode: follower" alone does not prove it has synced (Warden reports it as soon as it has chosen a leader):
        // also wait until its zxid reaches the leader's as it was at that moment, so that the next kill leaves two
        // members holding the data.
        long target = -1;
        for (ServerProcess s : t.servers()) {
            if ("leader".equals(s.mode())) {
                target = Math.max(target, s.zxid());
            }
        }
        final long leaderZxid = target;
        if (!awaitUntil(() -> again.zxid() >= leaderZxid, Duration.ofSeconds(60))) {
            notes.add(again.name() + " reported " + again.mode() + " but its zxid 0x" + Long.toHexString(again.zxid())
                    + " did not reach the leader's 0x" + Long.toHexString(leaderZxid) + " within 60 s");
        }
        long restartMs = (System.nanoTime() - r0) / 1_000_000;
        return new Kill(kind.label(), n, victim.name(), gap, allGap, newLeader, restartMs, w.errors.get() - errors0,
                w.expirations.get() - exp0, String.join("; ", notes));
    }

    private static int awaitSingleLeader(Target t, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String modes = "";
        while (System.nanoTime() < deadline) {
            List<ServerProcess> ss = t.servers();
            int leader = -1;
            int leaders = 0;
            int serving = 0;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ss.size(); i++) {
                String m = ss.get(i).mode();
                sb.append(ss.get(i).name()).append('=').append(m).append(' ');
                if ("leader".equals(m)) {
                    leader = i;
                    leaders++;
                }
                if ("leader".equals(m) || "follower".equals(m)) {
                    serving++;
                }
            }
            modes = sb.toString();
            if (leaders == 1 && serving == ss.size()) {
                return leader;
            }
            Thread.sleep(100);
        }
        throw new IOException("no single leader with every member serving within " + timeout.toSeconds() + " s: " + modes);
    }

    private static boolean awaitUntil(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return true;
            }
            Thread.sleep(2);
        }
        return done.getAsBoolean();
    }

    /** The settle period: a bounded wait with nothing to wait for but time. */
    private static void sleepBounded(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
