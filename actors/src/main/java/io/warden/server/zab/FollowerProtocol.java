package io.warden.server.zab;

import io.warden.api.txn.Txn;
import io.warden.server.zab.ZabEffect.AppendToLog;
import io.warden.server.zab.ZabEffect.ApplySnapshot;
import io.warden.server.zab.ZabEffect.CommitTxns;
import io.warden.server.zab.ZabEffect.Established;
import io.warden.server.zab.ZabEffect.PersistAcceptedEpoch;
import io.warden.server.zab.ZabEffect.PersistCurrentEpoch;
import io.warden.server.zab.ZabEffect.Refused;
import io.warden.server.zab.ZabEffect.Send;
import io.warden.server.zab.ZabEffect.StepDown;
import io.warden.server.zab.ZabEffect.TruncateLog;
import io.warden.server.zab.ZabMessage.Ack;
import io.warden.server.zab.ZabMessage.AckEpoch;
import io.warden.server.zab.ZabMessage.AckNewLeader;
import io.warden.server.zab.ZabMessage.Commit;
import io.warden.server.zab.ZabMessage.Diff;
import io.warden.server.zab.ZabMessage.FollowerInfo;
import io.warden.server.zab.ZabMessage.Inform;
import io.warden.server.zab.ZabMessage.LeaderInfo;
import io.warden.server.zab.ZabMessage.NewLeader;
import io.warden.server.zab.ZabMessage.NotLeading;
import io.warden.server.zab.ZabMessage.Ping;
import io.warden.server.zab.ZabMessage.PingReply;
import io.warden.server.zab.ZabMessage.Proposal;
import io.warden.server.zab.ZabMessage.Snap;
import io.warden.server.zab.ZabMessage.Trunc;
import io.warden.server.zab.ZabMessage.UpToDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One session of a follower (or observer) with the leader it elected, deciding from its inputs alone.
 *
 * <p>It tells the leader its accepted epoch and log end, promises the leader's new epoch durably, receives the
 * leader's history (TRUNC/SNAP/DIFF and proposals in flight) and applies it to its log only after making the new epoch
 * its current epoch durably; it acknowledges NEWLEADER once that history is durable, and applies the history when the
 * leader says UPTODATE, i.e. when a quorum holds it. In broadcast it logs proposals, acknowledges them once durable and
 * applies commits strictly in zxid order, each only after it is durable here too. An observer receives committed txns
 * (INFORM) instead of proposals and never acknowledges them.
 *
 * <p>A stale epoch is ignored; a gap in the leader's numbering, a leader claiming a newer epoch, a commit of an unknown
 * zxid, a truncation or snapshot behind what is already committed here, {@code syncLimit} ticks of silence, or the
 * transport's word that the leader's connection is gone ({@link #onLeaderUnreachable()}) end the session: the effect StepDown sends the shell back to LOOKING. A session is one instance; the shell constructs it
 * with the durable state after all earlier disk work has completed.
 */
public final class FollowerProtocol {

    private enum Phase { CONNECTING, PERSIST_ACCEPTED, SYNCING, PERSIST_CURRENT, LOGGING_SYNC, WAIT_UPTODATE, BROADCAST,
        STOPPED }

    private final long self;
    private final long leader;
    private final boolean observer;
    private final int initLimit;
    private final int syncLimit;
    private final TxnHistory log;

    private Phase phase = Phase.CONNECTING;
    private long acceptedEpoch;
    private long currentEpoch;
    private long leaderEpoch;
    private long session;
    private long sendSeq;
    private long recvSeq;
    private long tick;
    private long lastHeard;

    /** The last durable zxid of the log and the last one handed to the shell for appending. */
    private long logged;
    private long appended;
    private long committed;
    /** The zxid of the last txn received from the leader, so proposals are checked for order. */
    private long received;

    private Long truncTo;
    private Snapshot snapshot;
    private final List<Txn> diff = new ArrayList<>();
    private final List<Txn> earlyProposals = new ArrayList<>();
    private long syncTarget;
    /** The end of the leader's history as synchronised into our log: committed when UPTODATE arrives. */
    private long syncEnd;
    /** Proposals logged or being logged, not yet committed. */
    private final TreeMap<Long, Txn> pending = new TreeMap<>();
    private final ArrayDeque<Long> toAck = new ArrayDeque<>();
    /** Zxids the leader committed that we have not applied yet, in order. */
    private final ArrayDeque<Long> commitQueue = new ArrayDeque<>();

    /**
     * @param sessionBase       distinct for each FollowerProtocol this server creates while it runs (a counter will do);
     *                          attempts to reach the leader are numbered from it, so that a late answer to an earlier
     *                          attempt is never taken for the answer to the current one
     * @param log               this server's durable log; its last zxid is what we tell the leader we have
     * @param lastCommittedZxid the last zxid the local state machine has applied
     */
    public FollowerProtocol(long self, QuorumConfig config, long leader, long sessionBase, long acceptedEpoch,
                            long currentEpoch, TxnHistory log, long lastCommittedZxid, int initLimit, int syncLimit) {
        if (!config.isMember(self) || !config.isVoter(leader) || self == leader) {
            throw new IllegalArgumentException("server " + self + " cannot follow " + leader + " in " + config);
        }
        this.self = self;
        this.leader = leader;
        this.observer = config.isObserver(self);
        this.acceptedEpoch = acceptedEpoch;
        this.currentEpoch = currentEpoch;
        this.log = log;
        this.session = sessionBase << 16;
        long lastLoggedZxid = log.lastZxid();
        this.logged = lastLoggedZxid;
        this.appended = lastLoggedZxid;
        this.received = lastLoggedZxid;
        this.committed = lastCommittedZxid;
        this.initLimit = initLimit;
        this.syncLimit = syncLimit;
    }

    public List<ZabEffect> start() {
        List<ZabEffect> out = new ArrayList<>();
        send(new FollowerInfo(self, acceptedEpoch, logged, session), out);
        return out;
    }

    public List<ZabEffect> onMessage(long from, Packet p) {
        List<ZabEffect> out = new ArrayList<>();
        if (phase == Phase.STOPPED) {
            return out;
        }
        if (from != leader) {
            if (p.body() instanceof FollowerInfo fi) {
                out.add(new Send(from, new Packet(0, 0, new NotLeading(leader, fi.session()))));
            }
            return out;
        }
        if (phase == Phase.CONNECTING && p.body() instanceof NotLeading nl) {
            if (nl.session() == session) {
                stop("server " + leader + " is not leading (it follows " + nl.leader() + ")", out);
            }
            return out;
        }
        if (phase == Phase.CONNECTING) {
            // Only the answer to our latest attempt; whatever the leader sent on earlier ones comes before it.
            if (p.seq() == 1 && p.body() instanceof LeaderInfo li && p.epoch() == li.newEpoch() && li.session() == session) {
                recvSeq = 1;
                lastHeard = tick;
                onLeaderInfo(li, out);
            }
            return out;
        }
        if (p.epoch() < leaderEpoch || p.seq() <= recvSeq) {
            return out;
        }
        if (p.epoch() > leaderEpoch) {
            stop("leader " + leader + " moved from epoch " + leaderEpoch + " to " + p.epoch(), out);
            return out;
        }
        if (p.seq() != recvSeq + 1) {
            stop("gap in the leader's stream: expected " + (recvSeq + 1) + ", got " + p.seq(), out);
            return out;
        }
        recvSeq = p.seq();
        lastHeard = tick;
        ZabMessage body = p.body();
        if (body instanceof Ping) {
            send(new PingReply(), out);
        } else if (phase == Phase.SYNCING && body instanceof Trunc t) {
            onTrunc(t, out);
        } else if (phase == Phase.SYNCING && body instanceof Snap s) {
            onSnap(s, out);
        } else if (phase == Phase.SYNCING && body instanceof Diff d) {
            onDiff(d, out);
        } else if (phase == Phase.SYNCING && body instanceof NewLeader nl) {
            onNewLeader(nl, out);
        } else if (body instanceof Proposal pr && !observer && phase.compareTo(Phase.SYNCING) >= 0) {
            onProposal(pr, out);
        } else if (body instanceof Commit c && !observer && phase.compareTo(Phase.SYNCING) >= 0) {
            onCommit(c, out);
        } else if (body instanceof Inform inf && observer && phase.compareTo(Phase.PERSIST_CURRENT) >= 0) {
            onInform(inf, out);
        } else if (body instanceof UpToDate && phase == Phase.WAIT_UPTODATE) {
            onUpToDate(out);
        } else {
            // No honest leader sends this now: whatever it believes about us is wrong, so start over.
            refuseAndStop("unexpected " + body.getClass().getSimpleName() + " in phase " + phase, out);
        }
        return out;
    }

    public List<ZabEffect> onPersisted(ZabEffect persisted) {
        List<ZabEffect> out = new ArrayList<>();
        if (persisted instanceof PersistAcceptedEpoch pa && phase == Phase.PERSIST_ACCEPTED && pa.epoch() == leaderEpoch) {
            acceptedEpoch = leaderEpoch;
            ackEpoch(out);
        } else if (persisted instanceof PersistCurrentEpoch pc && phase == Phase.PERSIST_CURRENT
                && pc.epoch() == leaderEpoch) {
            currentEpoch = leaderEpoch;
            applySync(out);
        }
        return out;
    }

    /** Every txn this session appended up to {@code zxid} is durable. */
    public List<ZabEffect> onLogged(long zxid) {
        List<ZabEffect> out = new ArrayList<>();
        if (phase == Phase.STOPPED || zxid <= logged) {
            return out;
        }
        logged = Math.min(zxid, appended);
        if (phase == Phase.LOGGING_SYNC && logged >= syncTarget) {
            ackNewLeader(out);
        } else if (phase == Phase.WAIT_UPTODATE || phase == Phase.BROADCAST) {
            sendAcks(out);
            applyCommitted(out);
        }
        return out;
    }

    public List<ZabEffect> onTick() {
        List<ZabEffect> out = new ArrayList<>();
        if (phase == Phase.STOPPED) {
            return out;
        }
        tick++;
        if (phase == Phase.CONNECTING) {
            // The leader may not have been ready for our first FollowerInfo, so it is repeated every tick. A repeat
            // keeps the attempt's number (the leader ignores it if it already answered): were every repeat a new
            // attempt, a round trip longer than a tick (a cold JVM, a busy leader) would never be answered in time.
            // Only every syncLimit ticks does a new attempt begin, in case the leader's answer was lost.
            sendSeq = 0;
            if (tick % Math.max(1, syncLimit) == 0) {
                session++;
            }
            send(new FollowerInfo(self, acceptedEpoch, logged, session), out);
        }
        int limit = phase == Phase.BROADCAST ? syncLimit : initLimit;
        if (tick - lastHeard > limit) {
            stop("nothing from leader " + leader + " for " + (tick - lastHeard) + " ticks", out);
        }
        return out;
    }

    /**
     * The transport says the connection to the leader is gone (its process died or closed it). ZooKeeper's follower
     * goes LOOKING when the leader's socket closes; so does this session, without waiting for syncLimit ticks of
     * silence. A hint only ends the session early: if the leader is in fact alive, the election finds it again.
     */
    public List<ZabEffect> onLeaderUnreachable() {
        List<ZabEffect> out = new ArrayList<>();
        if (phase != Phase.STOPPED) {
            stop("the connection to leader " + leader + " is gone", out);
        }
        return out;
    }

    private void onLeaderInfo(LeaderInfo li, List<ZabEffect> out) {
        leaderEpoch = li.newEpoch();
        if (leaderEpoch < acceptedEpoch) {
            out.add(new Refused(leader, "proposes epoch " + leaderEpoch + " but we accepted " + acceptedEpoch));
            stop("leader's epoch is older than our accepted epoch", out);
        } else if (leaderEpoch > acceptedEpoch) {
            phase = Phase.PERSIST_ACCEPTED;
            out.add(new PersistAcceptedEpoch(leaderEpoch));
        } else {
            ackEpoch(out);
        }
    }

    private void ackEpoch(List<ZabEffect> out) {
        phase = Phase.SYNCING;
        send(new AckEpoch(currentEpoch, logged), out);
    }

    private void onTrunc(Trunc t, List<ZabEffect> out) {
        if (truncTo != null || snapshot != null || !diff.isEmpty() || t.zxid() < committed || t.zxid() > logged) {
            refuseAndStop("TRUNC to " + Zxids.hex(t.zxid()) + " with committed " + Zxids.hex(committed) + ", logged "
                    + Zxids.hex(logged), out);
            return;
        }
        truncTo = t.zxid();
        received = t.zxid();
    }

    private void onSnap(Snap s, List<ZabEffect> out) {
        if (truncTo != null || snapshot != null || !diff.isEmpty() || s.zxid() < committed) {
            refuseAndStop("SNAP at " + Zxids.hex(s.zxid()) + " behind committed " + Zxids.hex(committed), out);
            return;
        }
        snapshot = new Snapshot(s.zxid(), s.data());
        received = s.zxid();
    }

    private void onDiff(Diff d, List<ZabEffect> out) {
        for (Txn t : d.txns()) {
            if (t.zxid() <= received) {
                refuseAndStop("DIFF out of order at " + Zxids.hex(t.zxid()), out);
                return;
            }
            received = t.zxid();
            diff.add(t);
        }
    }

    private void onProposal(Proposal pr, List<ZabEffect> out) {
        if (pr.txn().zxid() != pr.zxid() || pr.zxid() <= received || Zxids.epoch(pr.zxid()) != leaderEpoch) {
            refuseAndStop("proposal " + Zxids.hex(pr.zxid()) + " out of order or of another epoch", out);
            return;
        }
        received = pr.zxid();
        pending.put(pr.zxid(), pr.txn());
        if (phase.compareTo(Phase.PERSIST_CURRENT) <= 0) {
            earlyProposals.add(pr.txn()); // logged only after the new epoch is our current epoch
            return;
        }
        appended = pr.zxid();
        toAck.add(pr.zxid());
        out.add(new AppendToLog(List.of(pr.txn())));
    }

    private void onCommit(Commit c, List<ZabEffect> out) {
        Long next = nextUncommitted();
        if (next == null || next != c.zxid()) {
            refuseAndStop("commit of " + Zxids.hex(c.zxid()) + " but the next proposal is "
                    + (next == null ? "none" : Zxids.hex(next)), out);
            return;
        }
        commitQueue.add(c.zxid());
        applyCommitted(out);
    }

    private Long nextUncommitted() {
        long after = commitQueue.isEmpty() ? committed : commitQueue.peekLast();
        return pending.higherKey(after);
    }

    private void onInform(Inform inf, List<ZabEffect> out) {
        long zxid = inf.txn().zxid();
        if (zxid <= received) {
            refuseAndStop("INFORM of " + Zxids.hex(zxid) + " out of order", out);
            return;
        }
        received = zxid;
        pending.put(zxid, inf.txn());
        commitQueue.add(zxid);
        if (phase == Phase.PERSIST_CURRENT) {
            earlyProposals.add(inf.txn());
            return;
        }
        appended = zxid;
        out.add(new AppendToLog(List.of(inf.txn())));
    }

    private void onNewLeader(NewLeader nl, List<ZabEffect> out) {
        if (nl.zxid() != Zxids.make(leaderEpoch, 0)) {
            refuseAndStop("NEWLEADER " + Zxids.hex(nl.zxid()) + " in epoch " + leaderEpoch, out);
            return;
        }
        phase = Phase.PERSIST_CURRENT;
        if (currentEpoch == leaderEpoch) {
            applySync(out);
        } else {
            out.add(new PersistCurrentEpoch(leaderEpoch));
        }
    }

    private void applySync(List<ZabEffect> out) {
        if (truncTo != null) {
            out.add(new TruncateLog(truncTo));
            logged = truncTo;
        } else if (snapshot != null) {
            out.add(new ApplySnapshot(snapshot));
            logged = snapshot.zxid();
            committed = snapshot.zxid();
        }
        appended = logged;
        syncEnd = diff.isEmpty() ? logged : diff.get(diff.size() - 1).zxid();
        List<Txn> batch = new ArrayList<>(diff);
        batch.addAll(earlyProposals);
        for (Txn t : earlyProposals) {
            toAck.add(t.zxid());
        }
        earlyProposals.clear();
        if (batch.isEmpty()) {
            ackNewLeader(out);
            return;
        }
        appended = batch.get(batch.size() - 1).zxid();
        syncTarget = appended;
        phase = Phase.LOGGING_SYNC;
        out.add(new AppendToLog(batch));
    }

    private void ackNewLeader(List<ZabEffect> out) {
        phase = Phase.WAIT_UPTODATE;
        send(new AckNewLeader(Zxids.make(leaderEpoch, 0)), out);
        sendAcks(out);
    }

    private void onUpToDate(List<ZabEffect> out) {
        phase = Phase.BROADCAST;
        // Our log up to the synchronised end is the leader's history, which a quorum now holds: it is committed, be it
        // what the leader sent or what we had logged before (proposals of an earlier epoch that were never committed).
        if (syncEnd > committed) {
            out.add(new CommitTxns(log.range(committed, syncEnd)));
            committed = syncEnd;
        }
        diff.clear();
        out.add(new Established(leaderEpoch, leader));
        applyCommitted(out);
    }

    private void sendAcks(List<ZabEffect> out) {
        if (observer) {
            toAck.clear();
            return;
        }
        while (!toAck.isEmpty() && toAck.peekFirst() <= logged) {
            send(new Ack(toAck.pollFirst()), out);
        }
    }

    /** Applies what the leader committed, in order, as far as it is durable here too. */
    private void applyCommitted(List<ZabEffect> out) {
        if (phase != Phase.BROADCAST) {
            return;
        }
        List<Txn> batch = new ArrayList<>();
        while (!commitQueue.isEmpty() && commitQueue.peekFirst() <= logged) {
            long zxid = commitQueue.pollFirst();
            batch.add(pending.remove(zxid));
            committed = zxid;
        }
        if (!batch.isEmpty()) {
            out.add(new CommitTxns(batch));
        }
    }

    private void send(ZabMessage m, List<ZabEffect> out) {
        out.add(new Send(leader, new Packet(phase == Phase.CONNECTING ? 0 : leaderEpoch, ++sendSeq, m)));
    }

    private void refuseAndStop(String reason, List<ZabEffect> out) {
        out.add(new Refused(leader, reason));
        stop(reason, out);
    }

    private void stop(String reason, List<ZabEffect> out) {
        phase = Phase.STOPPED;
        out.add(new StepDown(reason));
    }

    public boolean isServing() {
        return phase == Phase.BROADCAST;
    }

    public boolean isStopped() {
        return phase == Phase.STOPPED;
    }

    public long leader() {
        return leader;
    }

    public long leaderEpoch() {
        return leaderEpoch;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long lastCommitted() {
        return committed;
    }

    public long lastLogged() {
        return logged;
    }
}
