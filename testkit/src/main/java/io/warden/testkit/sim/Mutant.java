package io.warden.testkit.sim;

/**
 * Deliberately broken variants of the simulated server shell, for proving that the simulator's checks catch the bugs
 * they are meant to catch. Never use one except to test the simulator.
 */
public enum Mutant {
    /** The leader applies and answers a write as soon as its own log has it, without waiting for a quorum's acks. */
    COMMIT_BEFORE_QUORUM,
    /** The shell reports the accepted epoch durable but only keeps it in memory: a crash forgets the promise. */
    FORGET_ACCEPTED_EPOCH,
    /** The shell applies each batch of committed txns in reverse order. */
    APPLY_OUT_OF_ORDER
}
