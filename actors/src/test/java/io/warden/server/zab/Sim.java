package io.warden.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.api.txn.Txn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory ensemble: election, leader and follower protocols per node, a fake disk per node and a network that
 * keeps FIFO order per link but delivers links in a seeded random order and drops what crosses a partition. Zab's
 * invariants are checked after every step.
 */
final class Sim {
    static final int INIT_LIMIT = 10;
    static final int SYNC_LIMIT = 5;

    final QuorumConfig config;
    final Random random;
    final Map<Long, Node> nodes = new TreeMap<>();
    final Map<Long, Txn> registry = new HashMap<>();
    /** Links in flight: "from->to/kind" to its FIFO queue. */
    private final Map<String, ArrayDeque<Object>> links = new LinkedHashMap<>();
    private final Set<String> cut = new HashSet<>();
    /** Which leader established each epoch. */
    final Map<Long, Long> establishedBy = new HashMap<>();
    final List<String> trace = new ArrayList<>();
    final Map<String, Integer> syncKinds = new HashMap<>();
    double dropRate;
    boolean verbose;
    private int writes;

    Sim(QuorumConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
        for (long id : config.members()) {
            nodes.put(id, new Node(id));
        }
    }

    // ---------------------------------------------------------------- nodes

    final class Node {
        final long id;
        long acceptedEpoch;
        long currentEpoch;
        final FakeLog log = new FakeLog();
        Election election;
        LeaderProtocol leader;
        FollowerProtocol follower;
        final ArrayDeque<Object> io = new ArrayDeque<>();
        boolean finalizePending;
        boolean up = true;
        int stepDowns;
        long sessions;

        Node(long id) {
            this.id = id;
        }

        void boot() {
            election = new Election(id, config);
            leader = null;
            follower = null;
            finalizePending = false;
            io.clear();
            electionEffects(this, election.start(log.lastZxid(), currentEpoch));
        }

        boolean serving() {
            return (leader != null && leader.isServing()) || (follower != null && follower.isServing());
        }

        long servingEpoch() {
            return leader != null ? leader.epoch() : follower != null ? follower.leaderEpoch() : -1;
        }
    }

    void start() {
        for (Node n : nodes.values()) {
            n.boot();
        }
    }

    // ---------------------------------------------------------------- effects

    private void electionEffects(Node n, List<ElectionEffect> effects) {
        for (ElectionEffect e : effects) {
            if (e instanceof ElectionEffect.Send s) {
                transmit(n.id, s.to(), "e", s.notification());
            } else if (e instanceof ElectionEffect.Broadcast b) {
                for (long v : config.voters()) {
                    if (v != n.id) {
                        transmit(n.id, v, "e", b.notification());
                    }
                }
            } else if (e instanceof ElectionEffect.ScheduleFinalize) {
                n.finalizePending = true;
            } else if (e instanceof ElectionEffect.Decided d) {
                n.finalizePending = false;
                trace.add(n.id + " decided " + d.leader() + " as " + d.role());
                if (d.role() == ServerState.LEADING) {
                    n.leader = new LeaderProtocol(n.id, config, n.acceptedEpoch, n.currentEpoch, n.log.lastApplied(),
                            n.log, INIT_LIMIT, SYNC_LIMIT);
                    zabEffects(n, n.leader.start());
                } else {
                    n.follower = new FollowerProtocol(n.id, config, d.leader(), ++n.sessions, n.acceptedEpoch, n.currentEpoch,
                            n.log, n.log.lastApplied(), INIT_LIMIT, SYNC_LIMIT);
                    zabEffects(n, n.follower.start());
                }
            }
        }
    }

    private void zabEffects(Node n, List<ZabEffect> effects) {
        for (ZabEffect e : effects) {
            if (e instanceof ZabEffect.Send s) {
                ZabMessage body = s.packet().body();
                if (body instanceof ZabMessage.Trunc || body instanceof ZabMessage.Snap
                        || (body instanceof ZabMessage.Diff d && !d.txns().isEmpty())) {
                    syncKinds.merge(body.getClass().getSimpleName() + "->" + s.to(), 1, Integer::sum);
                }
                transmit(n.id, s.to(), "z", s.packet());
            } else if (e instanceof ZabEffect.PersistAcceptedEpoch || e instanceof ZabEffect.PersistCurrentEpoch
                    || e instanceof ZabEffect.AppendToLog) {
                n.io.add(e);
            } else if (e instanceof ZabEffect.TruncateLog t) {
                n.log.truncateAfter(t.afterZxid());
            } else if (e instanceof ZabEffect.ApplySnapshot a) {
                n.log.installSnapshot(a.snapshot(), registry);
            } else if (e instanceof ZabEffect.CommitTxns c) {
                if (verbose) {
                    trace.add(n.id + " commits " + zxids(c.txns()));
                }
                apply(n, c.txns());
            } else if (e instanceof ZabEffect.Established est) {
                trace.add(n.id + " established epoch " + est.epoch() + " with leader " + est.leader());
                if (est.leader() == n.id) {
                    Long before = establishedBy.putIfAbsent(est.epoch(), n.id);
                    if (before != null && before != n.id) {
                        fail("two leaders established epoch " + est.epoch() + ": " + before + " and " + n.id);
                    }
                } else if (!Long.valueOf(est.leader()).equals(establishedBy.get(est.epoch()))) {
                    fail(n.id + " follows " + est.leader() + " in epoch " + est.epoch() + ", established by "
                            + establishedBy.get(est.epoch()));
                }
            } else if (e instanceof ZabEffect.StepDown sd) {
                trace.add(n.id + " steps down: " + sd.reason());
                n.stepDowns++;
                finishIo(n);
                n.leader = null;
                n.follower = null;
                electionEffects(n, n.election.start(n.log.lastZxid(), n.currentEpoch));
            } else if (e instanceof ZabEffect.Refused r) {
                trace.add(n.id + " refused " + r.peer() + ": " + r.reason());
            }
        }
    }

    private void apply(Node n, List<Txn> txns) {
        long last = n.log.lastApplied();
        for (Txn t : txns) {
            assertTrue(t.zxid() > last, "node " + n.id + " applies " + Zxids.hex(t.zxid()) + " after " + Zxids.hex(last));
            if (!n.log.contains(t.zxid())) {
                fail("node " + n.id + " applies " + Zxids.hex(t.zxid()) + " that is not durable in its log\n" + tail());
            }
            last = t.zxid();
            n.log.applied.add(t);
        }
    }

    /** Before a new role starts, the shell lets the disk finish what the old one asked (durably, unreported). */
    private void finishIo(Node n) {
        while (!n.io.isEmpty()) {
            doIo(n, n.io.poll());
        }
    }

    private void doIo(Node n, Object op) {
        if (op instanceof ZabEffect.PersistAcceptedEpoch pa) {
            n.acceptedEpoch = pa.epoch();
        } else if (op instanceof ZabEffect.PersistCurrentEpoch pc) {
            n.currentEpoch = pc.epoch();
        } else if (op instanceof ZabEffect.AppendToLog a) {
            n.log.append(a.txns());
        }
    }

    // ---------------------------------------------------------------- network

    private static String key(long from, long to, String kind) {
        return from + "->" + to + "/" + kind;
    }

    private void transmit(long from, long to, String kind, Object msg) {
        Node dest = nodes.get(to);
        if (dest == null || !dest.up || cut.contains(from + "->" + to) || random.nextDouble() < dropRate) {
            return;
        }
        links.computeIfAbsent(key(from, to, kind), k -> new ArrayDeque<>()).add(msg);
    }

    /** Cuts every link between the two sides (both directions); what is in flight across the cut is lost. */
    void partition(Set<Long> side) {
        heal();
        for (long a : nodes.keySet()) {
            for (long b : nodes.keySet()) {
                if (side.contains(a) != side.contains(b)) {
                    cut.add(a + "->" + b);
                    links.remove(key(a, b, "e"));
                    links.remove(key(a, b, "z"));
                }
            }
        }
    }

    void heal() {
        cut.clear();
    }

    void crash(long id) {
        Node n = nodes.get(id);
        n.up = false;
        n.io.clear(); // not yet durable: lost
        n.leader = null;
        n.follower = null;
        links.keySet().removeIf(k -> k.startsWith(id + "->") || k.contains("->" + id + "/"));
        trace.add(id + " crashed");
    }

    void restart(long id) {
        Node n = nodes.get(id);
        n.up = true;
        trace.add(id + " restarted");
        n.boot();
    }

    // ---------------------------------------------------------------- steps

    /** One random action among those possible; false when nothing is pending at all. */
    boolean step(boolean ticks, boolean writesAllowed) {
        List<Runnable> actions = new ArrayList<>();
        for (Map.Entry<String, ArrayDeque<Object>> l : links.entrySet()) {
            if (!l.getValue().isEmpty()) {
                String k = l.getKey();
                actions.add(() -> deliver(k));
            }
        }
        for (Node n : nodes.values()) {
            if (!n.up) {
                continue;
            }
            if (!n.io.isEmpty()) {
                actions.add(() -> completeIo(n));
            }
            if (n.finalizePending) {
                actions.add(() -> {
                    n.finalizePending = false;
                    electionEffects(n, n.election.onFinalizeTimeout());
                });
            }
            if (writesAllowed && n.leader != null && n.leader.isServing()) {
                actions.add(() -> write(n));
            }
        }
        if (actions.isEmpty() && !ticks) {
            return false;
        }
        if (ticks && (actions.isEmpty() || random.nextInt(20) == 0)) {
            List<Node> up = nodes.values().stream().filter(n -> n.up).toList();
            if (!up.isEmpty()) {
                Node n = up.get(random.nextInt(up.size()));
                actions.add(() -> tick(n));
            }
        }
        if (actions.isEmpty()) {
            return false;
        }
        actions.get(random.nextInt(actions.size())).run();
        checkInvariants();
        return true;
    }

    void deliver(String k) {
        ArrayDeque<Object> q = links.get(k);
        Object msg = q.poll();
        if (q.isEmpty()) {
            links.remove(k);
        }
        long from = Long.parseLong(k.substring(0, k.indexOf("->")));
        long to = Long.parseLong(k.substring(k.indexOf("->") + 2, k.indexOf('/')));
        Node n = nodes.get(to);
        if (!n.up) {
            return;
        }
        if (verbose) {
            trace.add("deliver " + k + " " + msg);
        }
        if (msg instanceof Notification note) {
            electionEffects(n, n.election.onNotification(from, note));
        } else if (msg instanceof Packet p) {
            if (n.leader != null) {
                zabEffects(n, n.leader.onMessage(from, p));
            } else if (n.follower != null) {
                zabEffects(n, n.follower.onMessage(from, p));
            }
        }
    }

    void completeIo(Node n) {
        Object op = n.io.poll();
        if (verbose) {
            trace.add(n.id + " io done " + op);
        }
        doIo(n, op);
        ZabEffect e = (ZabEffect) op;
        if (e instanceof ZabEffect.AppendToLog a) {
            long last = a.txns().get(a.txns().size() - 1).zxid();
            if (n.leader != null) {
                zabEffects(n, n.leader.onLogged(last));
            } else if (n.follower != null) {
                zabEffects(n, n.follower.onLogged(last));
            }
        } else if (n.leader != null) {
            zabEffects(n, n.leader.onPersisted(e));
        } else if (n.follower != null) {
            zabEffects(n, n.follower.onPersisted(e));
        }
    }

    void tick(Node n) {
        if (n.leader != null) {
            zabEffects(n, n.leader.onTick());
        } else if (n.follower != null) {
            zabEffects(n, n.follower.onTick());
        } else {
            electionEffects(n, n.election.resend());
        }
    }

    void tickAll() {
        for (Node n : nodes.values()) {
            if (n.up) {
                tick(n);
                checkInvariants();
            }
        }
    }

    Txn write(Node leaderNode) {
        int w = ++writes;
        Txn t = new Txn(0, w, 1, w, 5, List.of(), "w" + w);
        List<ZabEffect> effects = leaderNode.leader.propose(t);
        for (ZabEffect e : effects) {
            if (e instanceof ZabEffect.AppendToLog a) {
                for (Txn x : a.txns()) {
                    registry.put(x.zxid(), x);
                }
            }
        }
        zabEffects(leaderNode, effects);
        return effects.stream().filter(e -> e instanceof ZabEffect.AppendToLog)
                .map(e -> ((ZabEffect.AppendToLog) e).txns().get(0)).findFirst().orElse(null);
    }

    /** Delivers everything in flight and completes all disk work and finalize waits, in random order. */
    void drain(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            if (!step(false, false)) {
                return;
            }
        }
        fail("no quiescence after " + maxSteps + " steps\n" + describe() + "\n" + tail());
    }

    /** Heals and runs quiet rounds (drain, then one tick each) until one leader serves everyone the same history. */
    void converge(int maxRounds) {
        heal();
        dropRate = 0;
        for (Node n : nodes.values()) {
            if (!n.up) {
                restart(n.id);
            }
        }
        for (int round = 0; round < maxRounds; round++) {
            drain(100_000);
            if (converged()) {
                return;
            }
            tickAll();
        }
        fail("no convergence after " + maxRounds + " rounds; states: " + describe() + "\n" + tail());
    }

    boolean converged() {
        Node lead = currentLeader();
        if (lead == null) {
            return false;
        }
        for (Node n : nodes.values()) {
            if (!n.serving() || n.servingEpoch() != lead.leader.epoch()
                    || (n.follower != null && n.follower.leader() != lead.id)
                    || !n.log.applied.equals(lead.log.applied)) {
                return false;
            }
        }
        return true;
    }

    Node currentLeader() {
        Node best = null;
        for (Node n : nodes.values()) {
            if (n.up && n.leader != null && n.leader.isServing() && (best == null || n.leader.epoch() > best.leader.epoch())) {
                best = n;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- invariants

    /** The one committed sequence every replica's applied txns must be a prefix of; it only grows. */
    private final List<Txn> committed = new ArrayList<>();
    private final Map<Long, Integer> checked = new HashMap<>();

    /**
     * Zab's safety, checked incrementally: replicas apply prefixes of one sequence, in zxid order, and never lose what
     * they applied (applied lists only grow; a snapshot must extend what was applied).
     */
    void checkInvariants() {
        for (Node n : nodes.values()) {
            List<Txn> a = n.log.applied;
            int from = checked.getOrDefault(n.id, 0);
            if (a.size() < from) {
                fail("node " + n.id + " lost applied txns\n" + tail());
            }
            for (int i = from; i < a.size(); i++) {
                Txn t = a.get(i);
                if (i < committed.size()) {
                    if (!committed.get(i).equals(t)) {
                        fail("node " + n.id + " applied " + Zxids.hex(t.zxid()) + " at position " + i + " where "
                                + Zxids.hex(committed.get(i).zxid()) + " was committed\n" + tail());
                    }
                } else {
                    if (i > 0 && t.zxid() <= committed.get(i - 1).zxid()) {
                        fail("committed sequence out of zxid order at " + i + "\n" + tail());
                    }
                    committed.add(t);
                }
            }
            checked.put(n.id, a.size());
        }
    }

    List<Txn> committed() {
        return committed;
    }

    static List<String> zxids(List<Txn> txns) {
        return txns.stream().map(t -> Zxids.hex(t.zxid())).toList();
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes.values()) {
            b.append("\n  ").append(n.id).append(n.up ? "" : " DOWN").append(" election=").append(n.election.state())
                    .append(" leader=").append(n.leader == null ? "-" : n.leader.isServing() + "@" + n.leader.epoch())
                    .append(" follower=").append(n.follower == null ? "-" : n.follower.isServing() + "@"
                            + n.follower.leaderEpoch() + "->" + n.follower.leader())
                    .append(" accepted=").append(n.acceptedEpoch).append(" current=").append(n.currentEpoch)
                    .append(" log=").append(Zxids.hex(n.log.lastZxid())).append(" applied=").append(n.log.applied.size());
        }
        return b.toString();
    }

    String tail() {
        return String.join("\n", trace.subList(Math.max(0, trace.size() - (verbose ? 400 : 40)), trace.size()));
    }

    int writes() {
        return writes;
    }

    static void assertSameApplied(Sim sim) {
        List<Txn> first = null;
        for (Node n : sim.nodes.values()) {
            if (first == null) {
                first = n.log.applied;
            }
            assertEquals(zxids(first), zxids(n.log.applied), "node " + n.id);
        }
    }
}
