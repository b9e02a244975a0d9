package io.warden.testkit.sim;

import static io.warden.testkit.sim.Describe.hex;

import io.warden.api.proto.OpCode;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.server.sequencer.SessionIds;
import io.warden.server.sequencer.SessionTracker;
import io.warden.server.state.Applied;
import io.warden.server.state.ZkDatabase;
import io.warden.server.zab.Election;
import io.warden.server.zab.ElectionEffect;
import io.warden.server.zab.FollowerProtocol;
import io.warden.server.zab.LeaderProtocol;
import io.warden.server.zab.QuorumConfig;
import io.warden.server.zab.ServerState;
import io.warden.server.zab.Snapshot;
import io.warden.server.zab.ZabEffect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated server: the same jobs as the real {@code Peer} shell (deliver messages to Election, LeaderProtocol and
 * FollowerProtocol, run their timers, carry out their effects, apply commits to a {@link ZkDatabase}, forward client
 * writes to the leader, let the leader expire sessions by its own clock), over the simulated network, clock and disk.
 */
final class SimNode {
    static final long TICK_MS = 100;
    static final long FINALIZE_MS = 200;
    static final int INIT_LIMIT = 10;
    static final int SYNC_LIMIT = 5;
    /** Votes are said again every this many ticks while looking (the real shell: every 400 ms). */
    static final int RESEND_TICKS = 4;

    final long id;
    private final Simulation sim;
    private final QuorumConfig config;
    private final Mutant mutant;
    /** This server's clock: simulated time times rate, plus offset (skew and drift between servers). */
    final double rate;
    final long offsetMs;
    final SimDisk disk;

    boolean up = true;
    /** Bumped at each crash, so timers of an earlier life are ignored. */
    long incarnation;
    /** Bumped at each new role, so disk reports for an earlier role are not given to the current one. */
    private long role;
    boolean syncScheduled;
    ZkDatabase db;
    private Election election;
    LeaderProtocol leader;
    FollowerProtocol follower;
    boolean serving;
    private long followerSessions;
    private long ticks;
    private SessionIds sessionIds;
    private SessionTracker tracker = new SessionTracker();
    private final Map<Long, Integer> touched = new TreeMap<>();
    long elections;

    SimNode(long id, Simulation sim, QuorumConfig config, Mutant mutant, double rate, long offsetMs) {
        this.id = id;
        this.sim = sim;
        this.config = config;
        this.mutant = mutant;
        this.rate = rate;
        this.offsetMs = offsetMs;
        this.disk = new SimDisk(mutant == Mutant.FORGET_ACCEPTED_EPOCH);
    }

    long clockMs() {
        return offsetMs + (long) (sim.now() * rate / 1000.0);
    }

    /** Simulated microseconds that last {@code ms} on this server's clock. */
    long localToSim(long ms) {
        return Math.max(1, Math.round(ms * 1000.0 / rate));
    }

    // ---- life ----

    /** Start or restart: recovery from disk (the tree holds only the snapshot; the log's tail is committed by Zab). */
    void boot() {
        up = true;
        String cut = disk.recover();
        if (cut != null) {
            sim.trace("n" + id + " " + cut);
        }
        db = SimDisk.restore(disk.snapshot());
        sim.checker().snapshotInstalled(id, db.lastZxid(), db.digest());
        sessionIds = new SessionIds(id, clockMs());
        tracker = new SessionTracker();
        touched.clear();
        election = new Election(id, config);
        lookForLeader("starting at snapshot " + hex(db.lastZxid()) + ", log to " + hex(disk.lastZxid()) + ", epochs "
                + disk.acceptedEpoch() + "/" + disk.currentEpoch());
        sim.scheduleTick(this);
    }

    void crash(int survivors, boolean tear) {
        up = false;
        incarnation++;
        role++;
        syncScheduled = false;
        leader = null;
        follower = null;
        election = null;
        serving = false;
        sim.trace("n" + id + " crashes: disk " + disk.crash(survivors, tear));
        sim.requestsLost(id);
    }

    private void lookForLeader(String why) {
        sim.trace("n" + id + " looking (" + why + ")");
        elections++;
        role++;
        leader = null;
        follower = null;
        serving = false;
        // The next role is built from the durable state, once the old role's disk work is done (unreported).
        disk.sync();
        sim.requestsLost(id);
        runElection(election.start(disk.lastZxid(), disk.currentEpoch()));
    }

    // ---- inputs ----

    void onTick() {
        ticks++;
        if (leader != null) {
            run(leader.onTick());
        } else if (follower != null) {
            run(follower.onTick());
        } else if (ticks % RESEND_TICKS == 0) {
            runElection(election.resend());
        }
        if (leader != null && leader.isServing()) {
            for (long expired : tracker.expire(clockMs())) {
                sim.trace("n" + id + " expires session " + hex(expired));
                propose(new Txn(0, 0, expired, 0, OpCode.CLOSE_SESSION, List.of(), null));
            }
        } else if (follower != null && serving && !touched.isEmpty()) {
            sim.send(id, follower.leader(), new Wire.Touches(touched));
            touched.clear();
        }
    }

    void onFinalize(long round) {
        if (election != null && election.state() == ServerState.LOOKING) {
            runElection(election.onFinalizeTimeout(round));
        }
    }

    void onMessage(long from, Wire w) {
        if (w instanceof Wire.Vote v) {
            runElection(election.onNotification(from, v.notification()));
        } else if (w instanceof Wire.Zab z) {
            if (leader != null) {
                run(leader.onMessage(from, z.packet()));
            } else if (follower != null) {
                run(follower.onMessage(from, z.packet()));
            }
        } else if (w instanceof Wire.Forward f) {
            if (!propose(f.request())) {
                sim.send(id, from, new Wire.Refused(f.request().sessionId(), f.request().cxid()));
            }
        } else if (w instanceof Wire.Refused r) {
            sim.requestFailed(id, r.sessionId(), r.cxid(), "leader refused");
        } else if (w instanceof Wire.Touches t) {
            if (leader != null) {
                t.sessions().forEach(this::touch);
            }
        }
    }

    /** The disk synced: every waiting write is durable; the current role hears of its own. */
    void onDiskSync() {
        syncScheduled = false;
        long logged = 0;
        List<Txn> appended = new ArrayList<>();
        for (SimDisk.Write w : disk.sync()) {
            if (w.role() != role) {
                continue;
            }
            if (w.op() instanceof ZabEffect.AppendToLog a) {
                appended.addAll(a.txns());
                logged = a.txns().get(a.txns().size() - 1).zxid();
            } else if (leader != null) {
                run(leader.onPersisted(w.op()));
            } else if (follower != null) {
                run(follower.onPersisted(w.op()));
            }
        }
        if (logged == 0) {
            return;
        }
        if (leader != null) {
            if (mutant == Mutant.COMMIT_BEFORE_QUORUM && leader.isServing()) {
                apply(appended); // the bug: durable here is not durable on a quorum
            }
            run(leader.onLogged(logged));
        } else if (follower != null) {
            run(follower.onLogged(logged));
        }
    }

    // ---- clients ----

    /** A client's sign of life: the leader tracks it by its own clock; a follower passes it on at its next tick. */
    void touch(long sessionId, int timeoutMs) {
        if (leader != null) {
            tracker.touch(sessionId, timeoutMs, clockMs());
        } else {
            touched.merge(sessionId, timeoutMs, Math::max);
        }
    }

    /** A new session for a client connecting here; its id, or 0 if this server is not serving. */
    long createSession(int timeoutMs) {
        if (!serving) {
            return 0;
        }
        long sessionId = sessionIds.nextId();
        write(new Txn(0, 0, sessionId, 0, OpCode.CREATE_SESSION, List.of(), new CreateSessionTxn(timeoutMs)));
        return sessionId;
    }

    /** A client's write; false when this server cannot take it now. */
    boolean write(Txn request) {
        if (!serving) {
            return false;
        }
        if (leader != null) {
            return propose(request);
        }
        sim.send(id, follower.leader(), new Wire.Forward(request));
        return true;
    }

    private boolean propose(Txn request) {
        if (leader == null || !leader.isServing()) {
            return false;
        }
        long now = clockMs();
        Txn t = new Txn(0, now, request.sessionId(), request.cxid(), request.type(), request.auth(), request.body());
        if (t.type() == OpCode.CREATE_SESSION) {
            tracker.add(t.sessionId(), ((CreateSessionTxn) t.body()).timeOut(), now);
        } else if (t.type() == OpCode.CLOSE_SESSION) {
            tracker.remove(t.sessionId());
        } else if (t.sessionId() != 0) {
            tracker.touch(t.sessionId(), now);
        }
        run(leader.propose(t));
        return true;
    }

    // ---- effects ----

    private void runElection(List<ElectionEffect> out) {
        for (ElectionEffect e : out) {
            if (e instanceof ElectionEffect.Send s) {
                sim.send(id, s.to(), new Wire.Vote(s.notification()));
            } else if (e instanceof ElectionEffect.Broadcast b) {
                for (long sid : config.members()) {
                    if (sid != id) {
                        sim.send(id, sid, new Wire.Vote(b.notification()));
                    }
                }
            } else if (e instanceof ElectionEffect.ScheduleFinalize f) {
                sim.scheduleFinalize(this, f.round());
            } else if (e instanceof ElectionEffect.Decided d) {
                decided(d);
            }
        }
    }

    private void decided(ElectionEffect.Decided d) {
        sim.trace("n" + id + " decided " + d.role() + " leader " + d.leader() + " round " + d.electionEpoch());
        role++;
        if (d.role() == ServerState.LEADING) {
            leader = new LeaderProtocol(id, config, disk.acceptedEpoch(), disk.currentEpoch(), db.lastZxid(), disk,
                    INIT_LIMIT, SYNC_LIMIT);
            run(leader.start());
        } else {
            follower = new FollowerProtocol(id, config, d.leader(), ++followerSessions, disk.acceptedEpoch(),
                    disk.currentEpoch(), disk, db.lastZxid(), INIT_LIMIT, SYNC_LIMIT);
            run(follower.start());
        }
    }

    private void run(List<ZabEffect> out) {
        long myRole = role;
        for (ZabEffect e : out) {
            if (role != myRole || !up) {
                return; // the role ended part way (StepDown): the rest of its effects die with it
            }
            carryOut(e);
        }
    }

    private void carryOut(ZabEffect e) {
        if (e instanceof ZabEffect.Send s) {
            sim.send(id, s.to(), new Wire.Zab(s.packet()));
        } else if (e instanceof ZabEffect.PersistAcceptedEpoch || e instanceof ZabEffect.PersistCurrentEpoch
                || e instanceof ZabEffect.AppendToLog) {
            disk.write(e, role);
            sim.scheduleSync(this);
        } else if (e instanceof ZabEffect.TruncateLog t) {
            sim.trace("n" + id + " truncates its log after " + hex(t.afterZxid()));
            disk.truncateAfter(t.afterZxid());
        } else if (e instanceof ZabEffect.ApplySnapshot s) {
            installSnapshot(s.snapshot());
        } else if (e instanceof ZabEffect.CommitTxns c) {
            sim.trace("n" + id + " commits " + Describe.zxids(c.txns()));
            apply(c.txns());
        } else if (e instanceof ZabEffect.Established est) {
            established(est);
        } else if (e instanceof ZabEffect.StepDown sd) {
            lookForLeader(sd.reason());
        } else if (e instanceof ZabEffect.Refused r) {
            sim.trace("n" + id + " refused n" + r.peer() + ": " + r.reason());
        }
    }

    private void installSnapshot(Snapshot s) {
        sim.trace("n" + id + " installs snapshot " + hex(s.zxid()));
        disk.installSnapshot(s);
        db = SimDisk.restore(s);
        sim.checker().snapshotInstalled(id, db.lastZxid(), db.digest());
    }

    private void established(ZabEffect.Established est) {
        sim.trace("n" + id + " established epoch " + est.epoch() + " leader " + est.leader());
        sim.checker().established(id, est.epoch(), est.leader());
        serving = true;
        if (est.leader() == id) {
            long now = clockMs();
            // A new leader gives every session a full timeout to show up, as ZooKeeper's does.
            db.sessions().forEach((sid, timeout) -> {
                if (!tracker.isTracked(sid)) {
                    tracker.add(sid, timeout, now);
                }
            });
        }
    }

    private void apply(List<Txn> txns) {
        List<Txn> order = txns;
        if (mutant == Mutant.APPLY_OUT_OF_ORDER && txns.size() > 1) {
            order = new ArrayList<>(txns);
            Collections.reverse(order); // the bug
        }
        for (Txn t : order) {
            if (mutant == Mutant.COMMIT_BEFORE_QUORUM && t.zxid() <= db.lastZxid()) {
                continue; // applied early already
            }
            sim.checker().beforeApply(id, db.lastZxid(), t, disk::contains);
            Applied a = db.apply(t);
            sim.checker().afterApply(id, t, db.digest(), db.ephemeralsBySession().keySet());
            if (leader != null && t.type() == OpCode.CLOSE_SESSION) {
                tracker.remove(t.sessionId());
            }
            sim.applied(id, t, a);
        }
    }

    // ---- status ----

    String describe() {
        String r = !up ? "down" : leader != null ? "leader e" + leader.epoch() + (leader.isServing() ? " serving" : "")
                : follower != null ? "follower of " + follower.leader() + " e" + follower.leaderEpoch()
                + (follower.isServing() ? " serving" : "") : "looking";
        return "n" + id + " " + r + ", applied " + hex(db.lastZxid()) + ", log " + hex(disk.baseZxid()) + ".."
                + hex(disk.lastZxid()) + ", epochs " + disk.acceptedEpoch() + "/" + disk.currentEpoch() + ", digest "
                + hex(db.digest()) + ", sessions " + db.sessions().size();
    }

    long servingEpoch() {
        if (leader != null && leader.isServing()) {
            return leader.epoch();
        }
        return follower != null && follower.isServing() ? follower.leaderEpoch() : -1;
    }

    long servingLeader() {
        if (leader != null && leader.isServing()) {
            return id;
        }
        return follower != null && follower.isServing() ? follower.leader() : -1;
    }

    void takeSnapshot(boolean purge) {
        disk.takeSnapshot(SimDisk.snapshotOf(db), purge);
        sim.trace("n" + id + " snapshots at " + hex(db.lastZxid()) + (purge ? " and purges the log before it" : ""));
    }
}
