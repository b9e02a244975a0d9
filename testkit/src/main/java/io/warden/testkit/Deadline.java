package io.warden.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the only way the ensemble waits. */
final class Deadline {
    private static final long POLL_MS = 20;

    private Deadline() {
    }

    /** The first present value {@code probe} gives before {@code within} has passed; otherwise an AssertionError. */
    static <T> T await(String what, Duration within, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + within + " waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
