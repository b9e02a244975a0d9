package io.warden.bench;

import java.time.Duration;

/**
 * One measurement: what to send and for how long.
 *
 * @param sessions  ZooKeeper client sessions (one TCP connection each)
 * @param inFlight  requests outstanding per session at all times (closed loop); with a rate, the most outstanding per
 *                  session before the schedule waits (and the waiting counts in the latencies)
 * @param dataSize  bytes of data per create / setData, and of every pre-created key
 * @param keys      pre-created keys the key-based workloads pick from uniformly
 * @param children  children of the directory getChildren lists
 * @param warmup    load before measuring (results discarded)
 * @param measure   measured period
 * @param rate      0: closed loop, each reply sends the next request; otherwise requests per second over all sessions,
 *                  sent on a fixed schedule whatever the replies do (open loop), so that two servers can be compared at
 *                  the same offered load; latency then counts from when a request was due, not when it went out
 */
public record LoadSpec(Workload workload, int sessions, int inFlight, int dataSize, int keys, int children,
                       Duration warmup, Duration measure, double rate) {
    public LoadSpec {
        if (sessions < 1 || inFlight < 1 || dataSize < 0 || keys < 3 || children < 0) {
            throw new IllegalArgumentException("need sessions >= 1, inFlight >= 1, dataSize >= 0, keys >= 3, children >= 0");
        }
        if (rate < 0 || rate > 1_000_000) {
            throw new IllegalArgumentException("rate must be 0 (closed loop) or up to 1,000,000 requests per second");
        }
        if (warmup.isNegative() || measure.isZero() || measure.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0 and measure > 0");
        }
    }

    public LoadSpec with(Workload w) {
        return new LoadSpec(w, sessions, inFlight, dataSize, keys, children, warmup, measure, rate);
    }

    public LoadSpec withPeriods(Duration newWarmup, Duration newMeasure) {
        return new LoadSpec(workload, sessions, inFlight, dataSize, keys, children, newWarmup, newMeasure, rate);
    }
}
