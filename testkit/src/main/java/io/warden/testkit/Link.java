package io.warden.testkit;

import java.time.Duration;

/**
 * The link between two nodes of a {@link WardenEnsemble}, in both directions or in one (see
 * {@link WardenEnsemble#link(int, int)} and {@link WardenEnsemble#oneWay(int, int)}). Changes take effect for
 * messages sent from then on, and last across restarts of either node until {@link #heal()}.
 */
public final class Link {
    private final Network network;
    private final int a;
    private final int b;
    private final boolean bothWays;

    Link(Network network, int a, int b, boolean bothWays) {
        this.network = network;
        this.a = a;
        this.b = b;
        this.bothWays = bothWays;
    }

    /** Loses every message, and those held by a delay. */
    public Link cut() {
        return apply(f -> f.withCut(true));
    }

    /** Loses each message with probability {@code probability}; {@code seed} makes the choice repeatable per link. */
    public Link drop(double probability, long seed) {
        return apply(f -> f.withDrop(probability, seed));
    }

    /** Holds each message for {@code delay} before delivering it (in order). */
    public Link delay(Duration delay) {
        return apply(f -> f.withDelay(delay));
    }

    /** Back to a perfect link. */
    public Link heal() {
        return apply(f -> LinkFaults.NONE);
    }

    /** What the link does now from the first node to the second. */
    public LinkFaults faults() {
        return network.faults(a, b);
    }

    private Link apply(java.util.function.UnaryOperator<LinkFaults> change) {
        network.change(a, b, change);
        if (bothWays) {
            network.change(b, a, change);
        }
        return this;
    }
}
