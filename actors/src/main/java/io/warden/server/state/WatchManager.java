package io.warden.server.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The watches of one table (data or child) as ZooKeeper's WatchManager, keyed by session instead of by
 * connection. A (path, session) entry carries a set of modes; one-shot (standard) modes are consumed by a
 * trigger on the path, persistent ones stay, and recursive ones also fire for every descendant.
 */
final class WatchManager {
    static final int STANDARD = 1;
    static final int PERSISTENT = 2;
    static final int RECURSIVE = 4;
    static final int ALL = STANDARD | PERSISTENT | RECURSIVE;

    private final Map<String, Map<Long, Integer>> byPath = new HashMap<>();
    private final Map<Long, Map<String, Integer>> bySession = new HashMap<>();
    private int recursiveCount;

    void add(String path, long session, int mode) {
        Map<String, Integer> paths = bySession.computeIfAbsent(session, k -> new HashMap<>());
        int old = paths.getOrDefault(path, 0);
        if ((old | mode) == old) {
            return;
        }
        paths.put(path, old | mode);
        byPath.computeIfAbsent(path, k -> new HashMap<>()).put(session, old | mode);
        if ((mode & RECURSIVE) != 0) {
            recursiveCount++;
        }
    }

    /**
     * Fires the watches an event on {@code path} reaches and returns their sessions in ascending order:
     * every watch on the path itself (consuming standard modes) and recursive watches on its ancestors.
     */
    NavigableSet<Long> trigger(String path) {
        NavigableSet<Long> hit = new TreeSet<>();
        String p = path;
        boolean atParent = false;
        while (p != null) {
            Map<Long, Integer> sessions = byPath.get(p);
            if (sessions != null) {
                Iterator<Map.Entry<Long, Integer>> it = sessions.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<Long, Integer> e = it.next();
                    int modes = e.getValue();
                    if (!atParent) {
                        hit.add(e.getKey());
                        int left = modes & ~STANDARD;
                        if (left == 0) {
                            it.remove();
                            forget(e.getKey(), p);
                        } else if (left != modes) {
                            e.setValue(left);
                            bySession.get(e.getKey()).put(p, left);
                        }
                    } else if ((modes & RECURSIVE) != 0) {
                        hit.add(e.getKey());
                    }
                }
                if (sessions.isEmpty()) {
                    byPath.remove(p);
                }
            }
            if (recursiveCount == 0 || p.equals(Paths.ROOT) || p.isEmpty()) {
                break;
            }
            p = Paths.parentOf(p);
            atParent = true;
        }
        return hit;
    }

    private void forget(long session, String path) {
        Map<String, Integer> paths = bySession.get(session);
        if (paths != null) {
            paths.remove(path);
            if (paths.isEmpty()) {
                bySession.remove(session);
            }
        }
    }

    /** Does the session watch the path with any of {@code modes}? */
    boolean contains(String path, long session, int modes) {
        Map<String, Integer> paths = bySession.get(session);
        Integer m = paths == null ? null : paths.get(path);
        return m != null && (m & modes) != 0;
    }

    /** Removes the given modes of the session's watch on the path; true when something was removed. */
    boolean remove(String path, long session, int modes) {
        Map<String, Integer> paths = bySession.get(session);
        Integer old = paths == null ? null : paths.get(path);
        if (old == null || (old & modes) == 0) {
            return false;
        }
        int left = old & ~modes;
        if (left == 0) {
            paths.remove(path);
            if (paths.isEmpty()) {
                bySession.remove(session);
            }
            Map<Long, Integer> sessions = byPath.get(path);
            sessions.remove(session);
            if (sessions.isEmpty()) {
                byPath.remove(path);
            }
        } else {
            paths.put(path, left);
            byPath.get(path).put(session, left);
        }
        if ((old & RECURSIVE) != 0 && (left & RECURSIVE) == 0) {
            recursiveCount--;
        }
        return true;
    }

    void removeSession(long session) {
        Map<String, Integer> paths = bySession.remove(session);
        if (paths == null) {
            return;
        }
        for (Map.Entry<String, Integer> e : paths.entrySet()) {
            Map<Long, Integer> sessions = byPath.get(e.getKey());
            sessions.remove(session);
            if (sessions.isEmpty()) {
                byPath.remove(e.getKey());
            }
            if ((e.getValue() & RECURSIVE) != 0) {
                recursiveCount--;
            }
        }
    }

    boolean hasSession(long session) {
        return bySession.containsKey(session);
    }

    /** Number of (path, session) watches. */
    int size() {
        int n = 0;
        for (Map<Long, Integer> s : byPath.values()) {
            n += s.size();
        }
        return n;
    }

    int pathCount() {
        return byPath.size();
    }

    int sessionCount() {
        return bySession.size();
    }

    Map<Long, Set<String>> bySessionReport() {
        Map<Long, Set<String>> out = new TreeMap<>();
        bySession.forEach((s, paths) -> out.put(s, Collections.unmodifiableSet(new TreeSet<>(paths.keySet()))));
        return Collections.unmodifiableMap(out);
    }

    Map<String, Set<Long>> byPathReport() {
        Map<String, Set<Long>> out = new TreeMap<>();
        byPath.forEach((p, sessions) -> out.put(p, Collections.unmodifiableSet(new TreeSet<>(sessions.keySet()))));
        return Collections.unmodifiableMap(out);
    }
}
