package io.warden.testkit.sim;

/**
 * One simulated client: at most one request in flight (ZooKeeper answers a session in order anyway), a session it
 * keeps alive with heartbeats to the server it is connected to, and a habit of moving to another server when its own
 * fails it.
 */
final class SimClient {
    final int id;
    final int timeoutMs;
    long server = -1;
    long session;
    int cxid;

    /** The request in flight, if {@link #waiting}. */
    boolean waiting;
    long requestNode;
    long requestSession;
    int requestCxid;
    int requestType;
    long requestSentAt;

    SimClient(int id, int timeoutMs) {
        this.id = id;
        this.timeoutMs = timeoutMs;
    }

    void sent(long node, long sessionId, int cxid, int type, long now) {
        waiting = true;
        requestNode = node;
        requestSession = sessionId;
        requestCxid = cxid;
        requestType = type;
        requestSentAt = now;
    }

    boolean awaits(long node, long sessionId, int cxid, int type) {
        return waiting && requestNode == node && requestSession == sessionId && requestCxid == cxid && requestType == type;
    }
}
