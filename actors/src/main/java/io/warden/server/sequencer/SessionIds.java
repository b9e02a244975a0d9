package io.warden.server.sequencer;

import java.util.Random;

/**
 * Session ids and passwords in ZooKeeper's scheme, so that ids stay unique across restarts and servers and any server can
 * check a reconnecting client's password without shared state: the id's top byte is the server id, the next 40 bits the
 * start time, the rest a counter; the password is derived from the id with a fixed secret.
 */
public final class SessionIds {
    /** ZooKeeper's fixed secret: passwords derived from it let a client move between servers. */
    private static final long SUPER_SECRET = 0XB3415C00L;

    private long next;

    public SessionIds(long serverId, long startTimeMs) {
        long base = (startTimeMs << 24) >>> 8;
        this.next = base | (serverId << 56);
        if (next == 0 || next == Long.MIN_VALUE) {
            next++;
        }
    }

    public long nextId() {
        return next++;
    }

    public static byte[] password(long sessionId) {
        byte[] p = new byte[16];
        new Random(sessionId ^ SUPER_SECRET).nextBytes(p);
        return p;
    }

    public static boolean checkPassword(long sessionId, byte[] password) {
        return sessionId != 0 && password != null && java.util.Arrays.equals(password, password(sessionId));
    }
}
