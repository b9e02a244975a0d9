package io.warden.bench;

import org.HdrHistogram.Histogram;

/**
 * What one measured period produced. Latencies are in microseconds, from just before the client call to the
 * callback; only successful requests are in the histogram, failures are counted in {@code errors}.
 *
 * @param target  the server (or ensemble) measured, e.g. "warden" or "zookeeper"
 * @param round   1-based round of a side-by-side run (0 for a single load run)
 * @param serverCpuUsPerOp CPU time the server processes used in the measured period per request (µs), NaN if
 *                         unknown: less sensitive than ops/s to other load on a shared machine
 * @param verified "ok" when the tree afterwards holds exactly the acknowledged writes, "n/a" for reads, else why not
 */
public record Result(String target, int round, LoadSpec spec, long ops, long errors, double seconds,
                     long p50Us, long p90Us, long p99Us, long p999Us, long maxUs, double meanUs,
                     double serverCpuUsPerOp, String verified) {

    public static Result of(String target, int round, LoadSpec spec, Histogram latencyUs, long errors, double seconds,
                            double serverCpuUsPerOp, String verified) {
        return new Result(target, round, spec, latencyUs.getTotalCount(), errors, seconds,
                latencyUs.getValueAtPercentile(50), latencyUs.getValueAtPercentile(90),
                latencyUs.getValueAtPercentile(99), latencyUs.getValueAtPercentile(99.9),
                latencyUs.getMaxValue(), latencyUs.getTotalCount() == 0 ? 0 : latencyUs.getMean(), serverCpuUsPerOp, verified);
    }

    public Workload workload() {
        return spec.workload();
    }

    public double opsPerSec() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    public String toJson() {
        return new Json()
                .field("target", target).field("workload", spec.workload().label()).field("round", round)
                .field("sessions", spec.sessions()).field("inFlight", spec.inFlight()).field("rate", spec.rate()).field("dataSize", spec.dataSize())
                .field("keys", spec.keys()).field("warmupSec", spec.warmup().toMillis() / 1000.0)
                .field("measureSec", spec.measure().toMillis() / 1000.0)
                .field("ops", ops).field("errors", errors).field("seconds", seconds).field("opsPerSec", opsPerSec())
                .field("p50Us", p50Us).field("p90Us", p90Us).field("p99Us", p99Us).field("p999Us", p999Us)
                .field("maxUs", maxUs).field("meanUs", meanUs)
                .field("serverCpuUsPerOp", serverCpuUsPerOp).field("verified", verified)
                .toString();
    }
}
