package io.warden.server.node;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A piece of start-up work on a thread of its own (recovery while the actor system starts, the log's open while the
 * snapshot loads), and its outcome as the work itself would have given it: callers report a failed start with the
 * work's own exception, not a wrapper.
 */
public final class OwnThread {
    private OwnThread() {
    }

    public static <T> CompletableFuture<T> start(String name, Callable<T> work) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        new Thread(() -> {
            try {
                outcome.complete(work.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, name).start();
        return outcome;
    }

    /**
     * Waits for the work: its result, or what it threw — unchecked exceptions and errors as they were, a checked one
     * of type {@code checked} as it was, any other wrapped in an IllegalStateException.
     */
    public static <T, X extends Exception> T await(CompletableFuture<T> outcome, Class<X> checked) throws X {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for start-up work", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (checked.isInstance(cause)) {
                throw checked.cast(cause);
            }
            throw new IllegalStateException(cause);
        }
    }
}
