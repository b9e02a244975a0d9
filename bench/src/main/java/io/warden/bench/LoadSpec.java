package io.warden.bench;

import java.time.Duration;

/**
 * One measurement: what to send and for how long.
 *
 * @param sessions  ZooKeeper client sessions (one TCP connection each)
 * @param inFlight  requests outstanding per session at all times (closed loop)
 * @param dataSize  bytes of data per create / setData, and of every pre-created key
 * @param keys      pre-created keys the key-based workloads pick from uniformly
 * @param children  children of the directory getChildren lists
 * @param warmup    load before measuring (results discarded)
 * @param measure   measured period
 */
public record LoadSpec(Workload workload, int sessions, int inFlight, int dataSize, int keys, int children,
                       Duration warmup, Duration measure) {
    public LoadSpec {
        if (sessions < 1 || inFlight < 1 || dataSize < 0 || keys < 3 || children < 0) {
            throw new IllegalArgumentException("need sessions >= 1, inFlight >= 1, dataSize >= 0, keys >= 3, children >= 0");
        }
        if (warmup.isNegative() || measure.isZero() || measure.isNegative()) {
            throw new IllegalArgumentException("warmup must be >= 0 and measure > 0");
        }
    }

    public LoadSpec with(Workload w) {
        return new LoadSpec(w, sessions, inFlight, dataSize, keys, children, warmup, measure);
    }
}
