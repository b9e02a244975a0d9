package io.warden.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What one direction of the link between two nodes does to the messages their Peers exchange. Messages that get
 * through keep their order, as over TCP.
 *
 * @param cut     everything is lost, including what was waiting out a delay
 * @param drop    the chance that a message is lost, 0 to 1
 * @param seed    seeds the choice of lost messages, so a run can be repeated
 * @param delay   how long each message is held before it is delivered
 */
public record LinkFaults(boolean cut, double drop, long seed, Duration delay) {
    public static final LinkFaults NONE = new LinkFaults(false, 0, 0, Duration.ZERO);

    public LinkFaults {
        Objects.requireNonNull(delay, "delay");
        if (drop < 0 || drop > 1) {
            throw new IllegalArgumentException("drop must be between 0 and 1: " + drop);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public LinkFaults withCut(boolean cut) {
        return new LinkFaults(cut, drop, seed, delay);
    }

    public LinkFaults withDrop(double drop, long seed) {
        return new LinkFaults(cut, drop, seed, delay);
    }

    public LinkFaults withDelay(Duration delay) {
        return new LinkFaults(cut, drop, seed, delay);
    }
}
