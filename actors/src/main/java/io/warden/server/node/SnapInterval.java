package io.warden.server.node;

import java.util.SplittableRandom;

/**
 * ZooKeeper spreads snapshots: each server snapshots after snapCount/2 plus a random share of snapCount/2 transactions,
 * so that the servers of an ensemble do not all snapshot at once. The seed comes from outside, keeping this repeatable.
 */
public final class SnapInterval {
    private SnapInterval() {
    }

    public static int forServer(int snapCount, long seed) {
        int half = Math.max(1, snapCount / 2);
        return half + new SplittableRandom(seed).nextInt(half);
    }
}
