package io.warden.server.zab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fast leader election for one server, as ZooKeeper's FastLeaderElection decides it, without threads or clocks: the shell
 * feeds notifications and the finalize timeout in, and carries out the returned effects.
 *
 * <p>Rules: a vote with higher (peerEpoch, zxid, sid) wins; a notification from a higher election round resets ours; one
 * from a lower round is not counted but its sender is told our vote; a vote becomes final only when a quorum of voters
 * agrees and no better vote arrives during the finalize wait; a server that joins late learns an established leader from
 * FOLLOWING/LEADING answers once a quorum of them agree and the leader itself says it is LEADING. Observers never vote
 * but learn the leader the same way. After deciding, the instance keeps answering LOOKING servers with its decision until
 * the shell calls {@link #start} again.
 */
public final class Election {
    private final long self;
    private final QuorumConfig config;
    private final boolean observer;

    private long logicalClock;
    private ServerState state = ServerState.LOOKING;
    private Vote proposal;
    private Vote initialVote;
    private boolean started;
    /** Votes of this round from LOOKING, FOLLOWING and LEADING voters (ZooKeeper's recvset). */
    private final Map<Long, Tally> recvset = new HashMap<>();
    /** Decisions reported by voters that already left their election, whatever round (ZooKeeper's outofelection). */
    private final Map<Long, Tally> outOfElection = new HashMap<>();
    private long finalizeRound;
    private boolean finalizePending;
    private Vote decided;
    private long decidedEpoch;
    /** Voters the transport says are down (a hint, until they are heard from again). */
    private final Set<Long> gone = new HashSet<>();

    private record Tally(Vote vote, long electionEpoch, ServerState state) {
    }

    public Election(long self, QuorumConfig config) {
        if (!config.isMember(self)) {
            throw new IllegalArgumentException("server " + self + " is not in " + config);
        }
        this.self = self;
        this.config = config;
        this.observer = config.isObserver(self);
    }

    /** Begin a new round with our own state; the logical clock moves on so earlier rounds' messages are recognised as old. */
    public List<ElectionEffect> start(long lastZxid, long currentEpoch) {
        started = true;
        logicalClock++;
        state = ServerState.LOOKING;
        recvset.clear();
        outOfElection.clear();
        finalizePending = false;
        decided = null;
        // An observer proposes nobody: any voter's vote beats it, and it never counts itself.
        initialVote = observer ? new Vote(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE)
                : new Vote(self, lastZxid, currentEpoch);
        List<ElectionEffect> out = new ArrayList<>();
        adopt(initialVote, out);
        maybeScheduleFinalize(out); // a single voter is its own quorum
        return out;
    }

    public List<ElectionEffect> onNotification(long from, Notification n) {
        List<ElectionEffect> out = new ArrayList<>();
        if (!started || from == self) {
            return out;
        }
        gone.remove(from);
        if (!config.isVoter(from)) {
            // Observers and strangers are not counted, but a looking observer must learn what we think.
            if (config.isObserver(from) && n.state() == ServerState.LOOKING && !observer) {
                out.add(new ElectionEffect.Send(from, current()));
            }
            return out;
        }
        if (state != ServerState.LOOKING) {
            // Voters ask observers nothing, and two decided servers have nothing to tell each other.
            if (n.state() == ServerState.LOOKING && !observer) {
                out.add(new ElectionEffect.Send(from, current()));
            }
            return out;
        }
        if (!config.isVoter(n.vote().leader())) {
            return out;
        }
        switch (n.state()) {
            case LOOKING -> onLooking(from, n, out);
            case FOLLOWING, LEADING -> onDecided(from, n, out);
            case OBSERVING -> {
            }
        }
        return out;
    }

    /**
     * Nothing arrived for a while (ZooKeeper's notification timeout, doubling up to a minute): say our vote again, since
     * the transport may have dropped what we sent.
     */
    public List<ElectionEffect> resend() {
        List<ElectionEffect> out = new ArrayList<>();
        if (started && state == ServerState.LOOKING) {
            out.add(new ElectionEffect.Broadcast(current()));
        }
        return out;
    }

    /**
     * The transport says voter {@code sid}'s process is gone (until it is heard from again). The finalize wait exists
     * for votes that may still come; once every voter not gone has voted for our proposal in this round, none better
     * can (ZooKeeper 3.4 decided at once when it had heard from every voter), so the decision need not wait. Which
     * leader is elected is a matter of liveness only: Zab's discovery keeps any choice safe.
     */
    public List<ElectionEffect> onMemberGone(long sid) {
        List<ElectionEffect> out = new ArrayList<>();
        if (sid == self || !config.isVoter(sid)) {
            return out;
        }
        gone.add(sid);
        if (started && state == ServerState.LOOKING) {
            recvset.remove(sid);
            maybeDecideAtOnce(out);
        }
        return out;
    }

    private void maybeDecideAtOnce(List<ElectionEffect> out) {
        if (state != ServerState.LOOKING || gone.isEmpty() || !quorumFor(recvset, proposal, logicalClock)) {
            return;
        }
        for (long v : config.voters()) {
            Tally t = recvset.get(v);
            if (!gone.contains(v) && (t == null || !t.vote().equals(proposal) || t.electionEpoch() != logicalClock)) {
                return;
            }
        }
        decide(proposal, logicalClock, out);
    }

    /** The finalize wait of the newest ScheduleFinalize ended without a better vote. */
    public List<ElectionEffect> onFinalizeTimeout() {
        return onFinalizeTimeout(finalizeRound);
    }

    /** As {@link #onFinalizeTimeout()}, ignoring a timer that a later ScheduleFinalize superseded. */
    public List<ElectionEffect> onFinalizeTimeout(long round) {
        List<ElectionEffect> out = new ArrayList<>();
        if (state != ServerState.LOOKING || !finalizePending || round != finalizeRound) {
            return out;
        }
        finalizePending = false;
        // Votes that arrived during the wait may have moved away from ours; only a standing quorum decides.
        if (quorumFor(recvset, proposal, logicalClock)) {
            decide(proposal, logicalClock, out);
        }
        return out;
    }

    private void onLooking(long from, Notification n, List<ElectionEffect> out) {
        if (n.electionEpoch() > logicalClock) {
            logicalClock = n.electionEpoch();
            recvset.clear();
            finalizePending = false;
            adopt(better(n.vote(), initialVote), out);
        } else if (n.electionEpoch() < logicalClock) {
            // A server still in an old round: not counted, but it learns our round and vote so it can catch up.
            if (!observer) {
                out.add(new ElectionEffect.Send(from, current()));
            }
            return;
        } else if (n.vote().beats(proposal)) {
            finalizePending = false;
            adopt(n.vote(), out);
        } else if (!observer && proposal.beats(n.vote())) {
            // The sender may never have seen our vote: the broadcast that carried it can have reached it while it was
            // still following the old leader, and it started this round afresh after. Without this it learns our
            // better vote only from our next resend (seen after leader kills: both survivors deciding together exactly
            // one resend interval, 400 ms, after they began).
            out.add(new ElectionEffect.Send(from, current()));
        }
        recvset.put(from, new Tally(n.vote(), n.electionEpoch(), n.state()));
        maybeScheduleFinalize(out);
        maybeDecideAtOnce(out);
    }

    private void maybeScheduleFinalize(List<ElectionEffect> out) {
        if (!finalizePending && quorumFor(recvset, proposal, logicalClock)) {
            finalizePending = true;
            finalizeRound++;
            out.add(new ElectionEffect.ScheduleFinalize(finalizeRound));
        }
    }

    private void onDecided(long from, Notification n, List<ElectionEffect> out) {
        Tally t = new Tally(n.vote(), n.electionEpoch(), n.state());
        if (n.electionEpoch() == logicalClock) {
            recvset.put(from, t);
            if (agreeing(recvset, n.vote()) && checkLeader(recvset, n.vote().leader(), n.electionEpoch())) {
                decide(n.vote(), n.electionEpoch(), out);
                return;
            }
        }
        outOfElection.put(from, t);
        if (agreeing(outOfElection, n.vote()) && checkLeader(outOfElection, n.vote().leader(), n.electionEpoch())) {
            logicalClock = n.electionEpoch();
            decide(n.vote(), n.electionEpoch(), out);
        }
    }

    /**
     * The leader must be known to be LEADING (we may have the votes of followers of a leader that is gone), or, if the
     * vote names us, the decision must be of our own round.
     */
    private boolean checkLeader(Map<Long, Tally> votes, long leader, long electionEpoch) {
        if (leader != self) {
            Tally t = votes.get(leader);
            return t != null && t.state() == ServerState.LEADING;
        }
        return logicalClock == electionEpoch;
    }

    /**
     * A quorum of decided voters follow (or are) the same leader. Only the leader's id is compared: servers that
     * decided in different rounds, or learned the leader late from an older vote, report different zxids and peer
     * epochs for the same live leader, and insisting on equal votes (as ZooKeeper does within one protocol version)
     * can leave a late joiner LOOKING forever. Following a leader that is not in fact established is safe: Zab's
     * discovery refuses it or the session times out.
     */
    private boolean agreeing(Map<Long, Tally> votes, Vote v) {
        Set<Long> ids = new HashSet<>();
        votes.forEach((sid, t) -> {
            if (t.vote().leader() == v.leader()) {
                ids.add(sid);
            }
        });
        return config.isQuorum(ids);
    }

    private boolean quorumFor(Map<Long, Tally> votes, Vote v, long round) {
        Set<Long> ids = new HashSet<>();
        votes.forEach((sid, t) -> {
            if (t.vote().equals(v) && t.electionEpoch() == round) {
                ids.add(sid);
            }
        });
        return config.isQuorum(ids);
    }

    private static Vote better(Vote a, Vote b) {
        return a.beats(b) ? a : b;
    }

    private void adopt(Vote v, List<ElectionEffect> out) {
        proposal = v;
        if (!observer) {
            recvset.put(self, new Tally(v, logicalClock, ServerState.LOOKING));
        }
        out.add(new ElectionEffect.Broadcast(new Notification(v, logicalClock, ServerState.LOOKING)));
    }

    private void decide(Vote v, long electionEpoch, List<ElectionEffect> out) {
        finalizePending = false;
        decided = v;
        decidedEpoch = electionEpoch;
        proposal = v;
        if (v.leader() == self) {
            state = ServerState.LEADING;
        } else {
            state = observer ? ServerState.OBSERVING : ServerState.FOLLOWING;
        }
        out.add(new ElectionEffect.Decided(v.leader(), state, v, electionEpoch));
    }

    private Notification current() {
        if (state == ServerState.LOOKING) {
            return new Notification(proposal, logicalClock, ServerState.LOOKING);
        }
        return new Notification(decided, decidedEpoch, state);
    }

    public ServerState state() {
        return state;
    }

    public long logicalClock() {
        return logicalClock;
    }

    public Vote proposal() {
        return proposal;
    }

    /** The decided vote, or null while LOOKING. */
    public Vote decided() {
        return decided;
    }
}
