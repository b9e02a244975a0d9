package io.warden.testkit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's trace: one deterministic line per event. Keeps every line when asked to, otherwise only the last ones;
 * always a hash of the whole, so two runs can be compared without keeping both.
 */
final class Trace {
    private static final int TAIL = 200;

    private final boolean full;
    private final List<String> all = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long hash = 0xcbf29ce484222325L;
    private long lines;

    Trace(boolean full) {
        this.full = full;
    }

    void add(long micros, String line) {
        String s = time(micros) + " " + line;
        lines++;
        for (int i = 0; i < s.length(); i++) {
            hash = (hash ^ s.charAt(i)) * 0x100000001b3L;
        }
        hash = (hash ^ '\n') * 0x100000001b3L;
        if (full) {
            all.add(s);
        } else {
            if (tail.size() == TAIL) {
                tail.pollFirst();
            }
            tail.addLast(s);
        }
    }

    private static String time(long micros) {
        long ms = micros / 1000;
        long frac = micros % 1000;
        return ms + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }

    List<String> lines() {
        return full ? all : List.copyOf(tail);
    }

    long hash() {
        return hash;
    }

    long count() {
        return lines;
    }
}
