package io.warden.server.zab;

import io.warden.api.txn.Txn;
import io.warden.server.zab.ZabEffect.AppendToLog;
import io.warden.server.zab.ZabEffect.CommitTxns;
import io.warden.server.zab.ZabEffect.Established;
import io.warden.server.zab.ZabEffect.PersistAcceptedEpoch;
import io.warden.server.zab.ZabEffect.PersistCurrentEpoch;
import io.warden.server.zab.ZabEffect.Refused;
import io.warden.server.zab.ZabEffect.Send;
import io.warden.server.zab.ZabEffect.StepDown;
import io.warden.server.zab.ZabMessage.Ack;
import io.warden.server.zab.ZabMessage.AckEpoch;
import io.warden.server.zab.ZabMessage.AckNewLeader;
import io.warden.server.zab.ZabMessage.Commit;
import io.warden.server.zab.ZabMessage.FollowerInfo;
import io.warden.server.zab.ZabMessage.Inform;
import io.warden.server.zab.ZabMessage.LeaderInfo;
import io.warden.server.zab.ZabMessage.NewLeader;
import io.warden.server.zab.ZabMessage.Ping;
import io.warden.server.zab.ZabMessage.PingReply;
import io.warden.server.zab.ZabMessage.Proposal;
import io.warden.server.zab.ZabMessage.UpToDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Zab's leader for one epoch, from discovery to broadcast, deciding from its inputs alone.
 *
 * <p>Discovery: once a quorum of voters (itself included) has told its accepted epoch, the new epoch is one more than the
 * greatest, so it exceeds every epoch a quorum promised. Synchronisation: after a quorum acknowledged the epoch, each
 * learner gets the leader's history by DIFF, TRUNC (+DIFF) or SNAP (+DIFF), then NEWLEADER; when a quorum has made that
 * history durable, the leader commits it and is established. Broadcast: zxids are assigned here, a proposal commits once
 * a quorum (the leader after its own {@code onLogged}) has it durable, strictly in zxid order, many in flight.
 *
 * <p>A leader that has not heard from a quorum within {@code syncLimit} ticks (or is not established within
 * {@code initLimit} ticks) steps down and does nothing more.
 */
public final class LeaderProtocol {

    private enum Phase { DISCOVERY, PERSIST_ACCEPTED, EPOCH_ACKS, PERSIST_CURRENT, SYNC, BROADCAST, STOPPED }

    private enum Stage { CONNECTED, INFO_SENT, EPOCH_ACKED, SYNC_SENT, ACTIVE }

    private static final class Peer {
        final long sid;
        final boolean observer;
        final long acceptedEpoch;
        final long session;
        Stage stage = Stage.CONNECTED;
        long sendSeq;
        long recvSeq;
        long lastHeard;
        long lastZxid;

        Peer(long sid, boolean observer, long acceptedEpoch, long lastZxid, long session, long tick) {
            this.sid = sid;
            this.session = session;
            this.observer = observer;
            this.acceptedEpoch = acceptedEpoch;
            this.lastZxid = lastZxid;
            this.lastHeard = tick;
        }

        boolean inBroadcast() {
            return stage == Stage.SYNC_SENT || stage == Stage.ACTIVE;
        }
    }

    private static final class Outstanding {
        final Txn txn;
        final Set<Long> acks = new HashSet<>();

        Outstanding(Txn txn) {
            this.txn = txn;
        }
    }

    private final long self;
    private final QuorumConfig config;
    private final TxnHistory history;
    private final int initLimit;
    private final int syncLimit;
    private final long startCurrentEpoch;
    private final long historyEnd;

    private Phase phase = Phase.DISCOVERY;
    private long acceptedEpoch;
    private long currentEpoch;
    private long epoch = -1;
    private long lastCommitted;
    private long counter;
    private long lastProposed;
    private long selfLogged;
    private long tick;
    private final Map<Long, Peer> peers = new TreeMap<>();
    private final Set<Long> connected = new HashSet<>();
    private long maxAccepted;
    private final Set<Long> epochAcked = new HashSet<>();
    private final Set<Long> newLeaderAcked = new HashSet<>();
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();

    /**
     * @param lastCommitted the last zxid the local state machine has applied; everything after it in {@code history}
     *                      is committed when the epoch is established
     */
    public LeaderProtocol(long self, QuorumConfig config, long acceptedEpoch, long currentEpoch, long lastCommitted,
                          TxnHistory history, int initLimit, int syncLimit) {
        if (!config.isVoter(self)) {
            throw new IllegalArgumentException("only a voter can lead: " + self);
        }
        this.self = self;
        this.config = config;
        this.history = history;
        this.initLimit = initLimit;
        this.syncLimit = syncLimit;
        this.acceptedEpoch = acceptedEpoch;
        this.currentEpoch = currentEpoch;
        this.startCurrentEpoch = currentEpoch;
        this.lastCommitted = lastCommitted;
        this.historyEnd = history.lastZxid();
        this.selfLogged = historyEnd;
        connected.add(self);
        maxAccepted = acceptedEpoch;
    }

    /** Starts discovery; with a single voter the epoch is decided at once. */
    public List<ZabEffect> start() {
        List<ZabEffect> out = new ArrayList<>();
        maybeDecideEpoch(out);
        return out;
    }

    public List<ZabEffect> onMessage(long from, Packet p) {
        List<ZabEffect> out = new ArrayList<>();
        if (phase == Phase.STOPPED) {
            return out;
        }
        if (!config.isMember(from) || from == self) {
            out.add(new Refused(from, "not a learner of this ensemble"));
            return out;
        }
        if (p.body() instanceof FollowerInfo fi && p.seq() == 1) {
            onFollowerInfo(from, fi, out);
            return out;
        }
        Peer peer = peers.get(from);
        if (peer == null || peer.stage == Stage.CONNECTED || p.epoch() < epoch) {
            return out; // a message of an ended session or an older epoch
        }
        if (p.epoch() > epoch) {
            refuseAndDrop(peer, "claims epoch " + p.epoch() + " while we establish " + epoch, out);
            return out;
        }
        if (p.seq() <= peer.recvSeq) {
            return out;
        }
        if (p.seq() != peer.recvSeq + 1) {
            refuseAndDrop(peer, "gap in its stream: expected " + (peer.recvSeq + 1) + ", got " + p.seq(), out);
            return out;
        }
        peer.recvSeq = p.seq();
        peer.lastHeard = tick;
        ZabMessage body = p.body();
        if (body instanceof AckEpoch ae) {
            onAckEpoch(peer, ae, out);
        } else if (body instanceof AckNewLeader anl) {
            onAckNewLeader(peer, anl, out);
        } else if (body instanceof Ack a) {
            onAck(peer, a, out);
        } else if (!(body instanceof PingReply)) {
            refuseAndDrop(peer, "unexpected " + body.getClass().getSimpleName(), out);
        }
        return out;
    }

    /** The shell made a PersistAcceptedEpoch or PersistCurrentEpoch durable. */
    public List<ZabEffect> onPersisted(ZabEffect persisted) {
        List<ZabEffect> out = new ArrayList<>();
        if (persisted instanceof PersistAcceptedEpoch pa && phase == Phase.PERSIST_ACCEPTED && pa.epoch() == epoch) {
            acceptedEpoch = epoch;
            phase = Phase.EPOCH_ACKS;
            for (Peer peer : peers.values()) {
                if (peer.stage == Stage.CONNECTED) {
                    sendLeaderInfo(peer, out);
                }
            }
            epochAcked.add(self);
            maybeEpochQuorum(out);
        } else if (persisted instanceof PersistCurrentEpoch pc && phase == Phase.PERSIST_CURRENT && pc.epoch() == epoch) {
            currentEpoch = epoch;
            phase = Phase.SYNC;
            for (Peer peer : peers.values()) {
                if (peer.stage == Stage.EPOCH_ACKED) {
                    sync(peer, out);
                }
            }
            // The leader's own history is already durable: its NEWLEADER ack is the current epoch on disk.
            newLeaderAcked.add(self);
            maybeEstablish(out);
        }
        return out;
    }

    /** Every txn up to {@code zxid} that this leader appended is durable in its own log. */
    public List<ZabEffect> onLogged(long zxid) {
        List<ZabEffect> out = new ArrayList<>();
        if (phase != Phase.BROADCAST || zxid <= selfLogged) {
            return out;
        }
        selfLogged = Math.min(zxid, lastProposed);
        for (Outstanding o : outstanding.headMap(selfLogged, true).values()) {
            o.acks.add(self);
        }
        tryCommit(out);
        return out;
    }

    /**
     * Orders a write: assigns the next zxid of this epoch and proposes it. Only while {@link #isServing()}; the shell
     * holds writes until then.
     */
    public List<ZabEffect> propose(Txn txn) {
        if (phase != Phase.BROADCAST) {
            throw new IllegalStateException("not serving: " + phase);
        }
        List<ZabEffect> out = new ArrayList<>();
        if (counter == Zxids.MAX_COUNTER) {
            // ZooKeeper does the same: a fresh election starts a fresh epoch with a fresh counter.
            stop("zxid counter of epoch " + epoch + " exhausted", out);
            return out;
        }
        long zxid = Zxids.make(epoch, ++counter);
        Txn t = new Txn(zxid, txn.time(), txn.sessionId(), txn.cxid(), txn.type(), txn.auth(), txn.body());
        lastProposed = zxid;
        outstanding.put(zxid, new Outstanding(t));
        out.add(new AppendToLog(List.of(t)));
        for (Peer peer : peers.values()) {
            if (!peer.observer && peer.inBroadcast()) {
                send(peer, new Proposal(zxid, t), out);
            }
        }
        return out;
    }

    /** One tick of the shell's clock (ZooKeeper's tickTime): pings learners and checks that a quorum is still there. */
    public List<ZabEffect> onTick() {
        List<ZabEffect> out = new ArrayList<>();
        if (phase == Phase.STOPPED) {
            return out;
        }
        tick++;
        if (phase != Phase.BROADCAST) {
            if (tick > initLimit) {
                stop("no quorum established epoch " + epoch + " within " + initLimit + " ticks", out);
            } else {
                pingAll(out);
            }
            return out;
        }
        Set<Long> alive = new HashSet<>();
        alive.add(self);
        for (Peer peer : List.copyOf(peers.values())) {
            long silent = tick - peer.lastHeard;
            // A learner still synchronising (promising the epoch, logging the history) has initLimit, as in ZooKeeper;
            // held to syncLimit, a slow one (a restarted JVM, a long diff) was dropped mid-sync again and again.
            if (silent > (peer.stage == Stage.ACTIVE ? syncLimit : initLimit)) {
                drop(peer); // it will miss our pings, time out and come back through election
            } else if (peer.inBroadcast() && silent <= syncLimit) {
                alive.add(peer.sid);
            }
        }
        if (!config.isQuorum(alive)) {
            stop("lost the quorum: only " + new TreeSet<>(alive) + " heard within " + syncLimit + " ticks", out);
            return out;
        }
        pingAll(out);
        return out;
    }

    /**
     * The transport says the connection to learner {@code sid} is gone. Its session ends now rather than after
     * syncLimit ticks of silence, and a leader left without a quorum steps down at once. A hint only: a learner that
     * is in fact alive comes back with a new FollowerInfo.
     */
    public List<ZabEffect> onLearnerUnreachable(long sid) {
        List<ZabEffect> out = new ArrayList<>();
        Peer peer = peers.get(sid);
        if (phase == Phase.STOPPED || peer == null) {
            return out;
        }
        drop(peer);
        if (phase == Phase.BROADCAST) {
            Set<Long> alive = new HashSet<>();
            alive.add(self);
            for (Peer p : peers.values()) {
                if (p.inBroadcast()) {
                    alive.add(p.sid);
                }
            }
            if (!config.isQuorum(alive)) {
                stop("lost the quorum: the connection to server " + sid + " is gone, only " + new TreeSet<>(alive)
                        + " remain", out);
            }
        }
        return out;
    }

    private void pingAll(List<ZabEffect> out) {
        for (Peer peer : peers.values()) {
            if (peer.stage != Stage.CONNECTED) {
                send(peer, new Ping(), out);
            }
        }
    }

    private void onFollowerInfo(long from, FollowerInfo fi, List<ZabEffect> out) {
        if (fi.sid() != from) {
            out.add(new Refused(from, "FollowerInfo names server " + fi.sid()));
            return;
        }
        Peer old = peers.get(from);
        if (old != null && old.session == fi.session()) {
            return; // a repeat of the attempt we already answered (or will answer once the epoch is decided)
        }
        if (old != null) {
            drop(old); // a new session of the same learner: what it acknowledged before may be truncated now
        }
        Peer peer = new Peer(from, config.isObserver(from), fi.acceptedEpoch(), fi.lastZxid(), fi.session(), tick);
        peer.recvSeq = 1;
        peers.put(from, peer);
        if (phase == Phase.DISCOVERY) {
            maxAccepted = Math.max(maxAccepted, fi.acceptedEpoch());
            if (config.isVoter(from)) {
                connected.add(from);
            }
            maybeDecideEpoch(out);
        } else if (phase == Phase.BROADCAST && fi.acceptedEpoch() > epoch) {
            // It promised a later epoch to a leader that never established it, so it can never follow ours; while we
            // keep a quorum it would stay out for good. Only a new election, with a later epoch, lets it back in.
            stop("server " + from + " accepted epoch " + fi.acceptedEpoch() + ", beyond ours (" + epoch + ")", out);
        } else if (phase != Phase.PERSIST_ACCEPTED) {
            sendLeaderInfo(peer, out);
        }
    }

    private void maybeDecideEpoch(List<ZabEffect> out) {
        if (phase == Phase.DISCOVERY && config.isQuorum(connected)) {
            epoch = maxAccepted + 1;
            lastProposed = Zxids.make(epoch, 0);
            phase = Phase.PERSIST_ACCEPTED;
            out.add(new PersistAcceptedEpoch(epoch));
        }
    }

    private void sendLeaderInfo(Peer peer, List<ZabEffect> out) {
        peer.stage = Stage.INFO_SENT;
        send(peer, new LeaderInfo(epoch, peer.session), out);
    }

    private void onAckEpoch(Peer peer, AckEpoch ae, List<ZabEffect> out) {
        if (peer.stage != Stage.INFO_SENT) {
            refuseAndDrop(peer, "AckEpoch out of turn", out);
            return;
        }
        String lie = implausible(peer, ae);
        if (lie != null) {
            refuseAndDrop(peer, lie, out);
            return;
        }
        if (phase.compareTo(Phase.BROADCAST) < 0 && ae.currentEpoch() < epoch
                && moreRecent(ae.currentEpoch(), ae.lastZxid(), startCurrentEpoch, historyEnd)) {
            // Election should have chosen it; we cannot lead it without losing its txns.
            refuseAndDrop(peer, "follower is ahead of the leader: epoch " + ae.currentEpoch() + ", zxid "
                    + Zxids.hex(ae.lastZxid()), out);
            return;
        }
        peer.stage = Stage.EPOCH_ACKED;
        peer.lastZxid = ae.lastZxid();
        if (config.isVoter(peer.sid)) {
            epochAcked.add(peer.sid);
        }
        if (phase == Phase.EPOCH_ACKS) {
            maybeEpochQuorum(out);
        } else if (phase == Phase.SYNC || phase == Phase.BROADCAST) {
            sync(peer, out);
        }
    }

    /** What no honest learner can report, or null. */
    private String implausible(Peer peer, AckEpoch ae) {
        if (ae.currentEpoch() > peer.acceptedEpoch) {
            return "current epoch " + ae.currentEpoch() + " beyond the epoch it had accepted (" + peer.acceptedEpoch + ")";
        }
        if (ae.currentEpoch() > epoch) {
            return "current epoch " + ae.currentEpoch() + " beyond the epoch being established (" + epoch + ")";
        }
        if (ae.currentEpoch() == epoch && phase.compareTo(Phase.SYNC) < 0) {
            return "current epoch " + epoch + " before anyone was sent NEWLEADER";
        }
        if (Zxids.epoch(ae.lastZxid()) > ae.currentEpoch()) {
            return "last zxid " + Zxids.hex(ae.lastZxid()) + " of an epoch after its current epoch " + ae.currentEpoch();
        }
        if (Zxids.epoch(ae.lastZxid()) == epoch && ae.lastZxid() > lastProposed) {
            return "last zxid " + Zxids.hex(ae.lastZxid()) + " was never proposed";
        }
        return null;
    }

    private static boolean moreRecent(long epochA, long zxidA, long epochB, long zxidB) {
        return epochA > epochB || (epochA == epochB && zxidA > zxidB);
    }

    private void maybeEpochQuorum(List<ZabEffect> out) {
        if (phase == Phase.EPOCH_ACKS && config.isQuorum(epochAcked)) {
            phase = Phase.PERSIST_CURRENT;
            out.add(new PersistCurrentEpoch(epoch));
        }
    }

    /**
     * Brings one learner to the leader's history ({@link SyncPlan}): up to the initial history while establishing, up
     * to the last committed zxid afterwards, with the proposals still in flight following as proposals.
     */
    private void sync(Peer peer, List<ZabEffect> out) {
        boolean broadcasting = phase == Phase.BROADCAST;
        long limit = broadcasting ? lastCommitted : historyEnd;
        for (ZabMessage m : SyncPlan.plan(history, peer.lastZxid, limit)) {
            send(peer, m, out);
        }
        if (broadcasting && !peer.observer) {
            for (Outstanding o : outstanding.values()) {
                send(peer, new Proposal(o.txn.zxid(), o.txn), out);
            }
        }
        send(peer, new NewLeader(Zxids.make(epoch, 0)), out);
        peer.stage = Stage.SYNC_SENT;
    }

    private void onAckNewLeader(Peer peer, AckNewLeader anl, List<ZabEffect> out) {
        if (peer.stage != Stage.SYNC_SENT || anl.zxid() != Zxids.make(epoch, 0)) {
            refuseAndDrop(peer, "AckNewLeader out of turn", out);
            return;
        }
        if (phase == Phase.BROADCAST) {
            peer.stage = Stage.ACTIVE;
            send(peer, new UpToDate(), out);
            return;
        }
        if (config.isVoter(peer.sid)) {
            newLeaderAcked.add(peer.sid);
        }
        peer.stage = Stage.ACTIVE; // UpToDate follows once the epoch is established
        maybeEstablish(out);
    }

    private void maybeEstablish(List<ZabEffect> out) {
        if (phase != Phase.SYNC || !config.isQuorum(newLeaderAcked)) {
            return;
        }
        phase = Phase.BROADCAST;
        if (historyEnd > lastCommitted) {
            out.add(new CommitTxns(history.range(lastCommitted, historyEnd)));
            lastCommitted = historyEnd;
        }
        out.add(new Established(epoch, self));
        for (Peer peer : peers.values()) {
            if (peer.stage == Stage.ACTIVE) {
                send(peer, new UpToDate(), out);
            }
        }
    }

    private void onAck(Peer peer, Ack a, List<ZabEffect> out) {
        if (peer.observer || !peer.inBroadcast()) {
            refuseAndDrop(peer, "Ack from a learner that receives no proposals", out);
            return;
        }
        if (a.zxid() > lastProposed) {
            refuseAndDrop(peer, "Ack for " + Zxids.hex(a.zxid()) + ", never proposed", out);
            return;
        }
        Outstanding o = outstanding.get(a.zxid());
        if (o != null) {
            o.acks.add(peer.sid);
            tryCommit(out);
        }
    }

    private void tryCommit(List<ZabEffect> out) {
        List<Txn> committed = new ArrayList<>();
        // Our own ack is required, not just any quorum: the leader applies what it commits, so it must be durable here.
        while (!outstanding.isEmpty() && outstanding.firstEntry().getValue().acks.contains(self)
                && config.isQuorum(outstanding.firstEntry().getValue().acks)) {
            Outstanding o = outstanding.pollFirstEntry().getValue();
            committed.add(o.txn);
            lastCommitted = o.txn.zxid();
        }
        if (committed.isEmpty()) {
            return;
        }
        out.add(new CommitTxns(committed));
        for (Txn t : committed) {
            for (Peer peer : peers.values()) {
                if (peer.inBroadcast()) {
                    send(peer, peer.observer ? new Inform(t) : new Commit(t.zxid()), out);
                }
            }
        }
    }

    private void send(Peer peer, ZabMessage m, List<ZabEffect> out) {
        out.add(new Send(peer.sid, new Packet(epoch, ++peer.sendSeq, m)));
    }

    private void refuseAndDrop(Peer peer, String reason, List<ZabEffect> out) {
        out.add(new Refused(peer.sid, reason));
        drop(peer);
    }

    /** Forgets a learner's session; its acks of proposals in flight no longer count, as a resync may truncate them. */
    private void drop(Peer peer) {
        peers.remove(peer.sid);
        for (Outstanding o : outstanding.values()) {
            o.acks.remove(peer.sid);
        }
        if (phase.compareTo(Phase.PERSIST_CURRENT) < 0) {
            epochAcked.remove(peer.sid);
        }
        if (phase.compareTo(Phase.BROADCAST) < 0) {
            newLeaderAcked.remove(peer.sid);
        }
    }

    private void stop(String reason, List<ZabEffect> out) {
        phase = Phase.STOPPED;
        outstanding.clear();
        out.add(new StepDown(reason));
    }

    public boolean isServing() {
        return phase == Phase.BROADCAST;
    }

    public boolean isStopped() {
        return phase == Phase.STOPPED;
    }

    /** The epoch being established, or -1 before discovery decided it. */
    public long epoch() {
        return epoch;
    }

    public long lastCommitted() {
        return lastCommitted;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    /** The learners with a live session, in the broadcast stream or being synchronised. */
    public Set<Long> learners() {
        return Set.copyOf(peers.keySet());
    }
}
