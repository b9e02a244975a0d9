package io.warden.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The load shape, shared by the load and side-by-side commands. */
final class LoadOptions {
    @Option(names = {"-w", "--workloads"}, split = ",", paramLabel = "NAME",
            description = "comma-separated: create, setData, getData, exists, getChildren, multi, mixed (default: all)")
    List<String> workloads = new ArrayList<>();

    @Option(names = {"-c", "--sessions"}, defaultValue = "16", description = "client sessions (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = {"-k", "--in-flight"}, defaultValue = "8",
            description = "requests in flight per session (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--data-size", defaultValue = "100", description = "bytes per znode (default: ${DEFAULT-VALUE})")
    int dataSize;

    @Option(names = "--keys", defaultValue = "1000", description = "pre-created keys (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--children", defaultValue = "10",
            description = "children of the getChildren directory (default: ${DEFAULT-VALUE})")
    int children;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up seconds (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = {"-d", "--duration"}, defaultValue = "6",
            description = "measured seconds per run (default: ${DEFAULT-VALUE})")
    double measureSeconds;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "OPS",
            description = "requests per second over all sessions, sent on a fixed schedule (open loop: both servers get the"
                    + " same offered load; latency counts from when each request was due); 0, the default, keeps"
                    + " --in-flight outstanding per session instead (closed loop: as fast as the server answers)")
    double rate;

    List<Workload> workloads() {
        if (workloads.isEmpty()) {
            return List.of(Workload.values());
        }
        return workloads.stream().map(Workload::parse).distinct().toList();
    }

    LoadSpec spec(Workload w) {
        if (warmupSeconds > 600 || measureSeconds > 600) {
            throw new IllegalArgumentException("--warmup and --duration are limited to 600 s each");
        }
        return new LoadSpec(w, sessions, inFlight, dataSize, keys, children,
                Duration.ofMillis(Math.round(warmupSeconds * 1000)), Duration.ofMillis(Math.round(measureSeconds * 1000)), rate);
    }
}
