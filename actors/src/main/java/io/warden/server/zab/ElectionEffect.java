package io.warden.server.zab;

/** What an {@link Election} asks its shell to do. */
public sealed interface ElectionEffect {

    /** Send one notification to one server. */
    record Send(long to, Notification notification) implements ElectionEffect {
    }

    /** Send the notification to every voter except ourselves. */
    record Broadcast(Notification notification) implements ElectionEffect {
    }

    /**
     * A quorum agrees with our vote: arm the finalize-wait timer (ZooKeeper waits 200 ms) and call
     * {@link Election#onFinalizeTimeout()} when it fires, unless a newer ScheduleFinalize replaced it.
     */
    record ScheduleFinalize(long round) implements ElectionEffect {
    }

    /** The election is over for this server: it leads, follows or observes {@code leader}. */
    record Decided(long leader, ServerState role, Vote vote, long electionEpoch) implements ElectionEffect {
    }
}
