package io.warden.server.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What {@code srvr}, {@code mntr} and the admin surface say about the configured recipes. Written only by the recipe
 * host, read by whoever answers: figures, not state anything decides from.
 */
public final class RecipeStatus {

    /** One configured recipe on this server. */
    public static final class Entry {
        public final String name;
        public final String className;
        public final String root;
        /** Whether an instance runs on this server now (it runs on the leader only). */
        public volatile boolean running;
        /** The epoch the running (or last) instance was started in; 0 if none ever started here. */
        public volatile long epoch;
        /** Instances that failed or stopped on their own and were started again. */
        public volatile long restarts;
        public volatile String lastFailure = "";

        Entry(String name, String className, String root) {
            this.name = name;
            this.className = className;
            this.root = root;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    public Entry register(String name, String className, String root) {
        return entries.computeIfAbsent(name, n -> new Entry(name, className, root));
    }

    /** In name order. */
    public Collection<Entry> entries() {
        return entries.values();
    }
}
