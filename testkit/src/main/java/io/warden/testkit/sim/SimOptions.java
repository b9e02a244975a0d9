package io.warden.testkit.sim;

/**
 * How one simulated run is set up; the seed decides everything else.
 *
 * @param voters    ensemble size (3 or 5 make sense; any positive number works)
 * @param steps     events of the faulty phase (message deliveries, ticks, disk syncs, faults, client steps); healing
 *                  follows, bounded by {@link #healLimitMs}
 * @param healLimitMs simulated milliseconds the healed ensemble gets to converge
 * @param fullTrace keep every trace line (for replay); otherwise only the last lines and the trace's hash
 * @param mutant    a deliberately broken shell, or null for the real behaviour
 */
public record SimOptions(int voters, int steps, long healLimitMs, boolean fullTrace, Mutant mutant) {

    public static final int DEFAULT_VOTERS = 3;
    public static final int DEFAULT_STEPS = 4000;

    public SimOptions {
        if (voters < 1) {
            throw new IllegalArgumentException("voters must be positive: " + voters);
        }
        if (steps < 0 || healLimitMs <= 0) {
            throw new IllegalArgumentException("steps must be >= 0 and healLimitMs > 0");
        }
    }

    public static SimOptions defaults() {
        return new SimOptions(DEFAULT_VOTERS, DEFAULT_STEPS, 60_000, false, null);
    }

    public SimOptions voters(int n) {
        return new SimOptions(n, steps, healLimitMs, fullTrace, mutant);
    }

    public SimOptions steps(int n) {
        return new SimOptions(voters, n, healLimitMs, fullTrace, mutant);
    }

    public SimOptions fullTrace(boolean on) {
        return new SimOptions(voters, steps, healLimitMs, on, mutant);
    }

    public SimOptions mutant(Mutant m) {
        return new SimOptions(voters, steps, healLimitMs, fullTrace, m);
    }

    /** The arguments of {@code bin/warden simulate} that replay a seed with these options. */
    public String replayCommand(long seed) {
        StringBuilder b = new StringBuilder("bin/warden simulate --seed ").append(seed);
        if (voters != DEFAULT_VOTERS) {
            b.append(" --voters ").append(voters);
        }
        if (steps != DEFAULT_STEPS) {
            b.append(" --steps ").append(steps);
        }
        if (mutant != null) {
            b.append(" --mutant ").append(mutant);
        }
        return b.append(" --trace").toString();
    }
}
