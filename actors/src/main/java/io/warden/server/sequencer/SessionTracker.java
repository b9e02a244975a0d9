package io.warden.server.sequencer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sessions are alive: each has a deadline that any sign of life from its client pushes out by its timeout.
 * Deterministic: the caller supplies the time; nothing here reads a clock.
 */
public final class SessionTracker {
    private record Tracked(int timeoutMs, long deadline) {
    }

    private final Map<Long, Tracked> sessions = new HashMap<>();

    public void add(long sessionId, int timeoutMs, long now) {
        sessions.put(sessionId, new Tracked(timeoutMs, now + timeoutMs));
    }

    /** Pushes the deadline out; returns false when the session is not (or no longer) tracked. */
    public boolean touch(long sessionId, long now) {
        Tracked t = sessions.get(sessionId);
        if (t == null) {
            return false;
        }
        sessions.put(sessionId, new Tracked(t.timeoutMs(), now + t.timeoutMs()));
        return true;
    }

    /** A reattaching client may have negotiated another timeout. */
    public boolean touch(long sessionId, int timeoutMs, long now) {
        if (!sessions.containsKey(sessionId)) {
            return false;
        }
        sessions.put(sessionId, new Tracked(timeoutMs, now + timeoutMs));
        return true;
    }

    public void remove(long sessionId) {
        sessions.remove(sessionId);
    }

    public boolean isTracked(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    /** Sessions whose deadline has passed, in id order; they are no longer tracked (their close is under way). */
    public List<Long> expire(long now) {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<Long, Tracked> e : sessions.entrySet()) {
            if (e.getValue().deadline() <= now) {
                out.add(e.getKey());
            }
        }
        out.sort(Long::compare);
        out.forEach(sessions::remove);
        return out;
    }

    /** Forgets every session (a server that leads again must not keep the deadlines of its earlier term). */
    public void clear() {
        sessions.clear();
    }

    public int size() {
        return sessions.size();
    }
}
