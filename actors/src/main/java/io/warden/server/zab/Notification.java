package io.warden.server.zab;

/**
 * One election message: the sender's current vote, the election round it belongs to and the sender's state.
 * A decided server answers with the vote it decided on and its FOLLOWING/LEADING state, which lets late joiners
 * find the established leader.
 */
public record Notification(Vote vote, long electionEpoch, ServerState state) {
}
