package io.warden.server.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Bounded waiting without sleeping as synchronisation: poll a condition until a deadline, or take from a queue. */
final class Bounded {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Bounded() {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Re-checks {@code check} every few milliseconds until it holds; fails the test after {@code max}. */
    static void until(String what, Duration max, Check check) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("not within " + max.toMillis() + " ms: " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            // A poll interval, not synchronisation: the loop ends on the condition above or the deadline.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    static void until(String what, Check check) throws Exception {
        until(what, WAIT, check);
    }

    /** The next element, or a failure naming {@code what} after {@link #WAIT}. */
    static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T t = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(t, "nothing within " + WAIT.toMillis() + " ms: " + what);
        return t;
    }

    /** Fails if the queue holds anything right now (call it after a later, ordered event proved delivery). */
    static <T> void empty(BlockingQueue<T> queue, String what) {
        T t = queue.poll();
        if (t != null) {
            fail("unexpected " + what + ": " + t);
        }
    }
}
