package io.warden.testkit.sim;

/** What the simulator checks after every step (and, for convergence, after healing). */
public enum Invariant {
    /** At most one server establishes itself leader of an epoch, and followers follow that one. */
    ONE_LEADER_PER_EPOCH,
    /** Replicas apply one sequence of txns, in zxid order, reaching the same state at every committed zxid. */
    AGREEMENT,
    /** A write whose client was answered is in every replica's history once that replica applies past its zxid. */
    ACKNOWLEDGED_WRITES,
    /** Once a session's close is applied, that replica holds none of its ephemerals. */
    EPHEMERALS_OF_CLOSED_SESSIONS,
    /** No part of a server (protocol, state machine, shell) throws: an exception is a bug the real server would crash on. */
    NO_EXCEPTIONS,
    /** After the faults heal: one leader serves every server, all digests are equal, dead clients' sessions are gone. */
    CONVERGENCE
}
