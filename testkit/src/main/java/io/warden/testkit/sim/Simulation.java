package io.warden.testkit.sim;

import static io.warden.testkit.sim.Describe.hex;

import io.warden.api.txn.Txn;
import io.warden.server.state.Applied;
import io.warden.server.zab.QuorumConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded whole-ensemble simulation: Warden's deterministic Zab core and state machine on every server, over a
 * simulated network (delays, FIFO links, partitions of every shape that drop what is in flight), simulated clocks
 * (skewed and drifting per server) and simulated disks (crashes keep what was synced and lose or tear what was not),
 * under a random client workload with sessions and ephemerals. The invariants are checked after every step; after the
 * faulty phase the faults heal and the ensemble must converge. One {@link Random} seeded once decides everything, so a
 * seed replays the same trace, byte for byte.
 */
public final class Simulation {

    private sealed interface Event {
    }

    private record Deliver(long from, long to, long generation, Wire message) implements Event {
    }

    private record Tick(long node, long incarnation) implements Event {
    }

    private record Finalize(long node, long incarnation, long round) implements Event {
    }

    private record DiskSync(long node, long incarnation) implements Event {
    }

    private record Fault() implements Event {
    }

    private record ClientStep(int client) implements Event {
    }

    private record CheckConvergence() implements Event {
    }

    private record Scheduled(long time, long seq, Event event) {
    }

    private final long seed;
    private final SimOptions options;
    private final Random random;
    private final Trace trace;
    private final Checker checker = new Checker();
    private final SimNetwork network = new SimNetwork();
    private final Map<Long, SimNode> nodes = new TreeMap<>();
    private final List<Long> ids = new ArrayList<>();
    private final Workload workload;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;
    private long now;
    private long events;
    private long crashes;
    private long partitions;
    private boolean healing;
    private boolean converged;

    private Simulation(long seed, SimOptions options) {
        this.seed = seed;
        this.options = options;
        this.random = new Random(seed);
        this.trace = new Trace(options.fullTrace());
        long[] voters = new long[options.voters()];
        for (int i = 0; i < voters.length; i++) {
            voters[i] = i + 1;
            ids.add(i + 1L);
        }
        QuorumConfig config = QuorumConfig.ofVoters(voters);
        for (long id : ids) {
            double rate = 1.0 + (random.nextInt(201) - 100) / 1000.0; // up to 10 % fast or slow
            long offset = random.nextInt(1_000_000_000);
            nodes.put(id, new SimNode(id, this, config, options.mutant(), rate, offset));
        }
        this.workload = new Workload(this, random, 2 + random.nextInt(4));
    }

    /** Runs one seed to the end, or to the first broken invariant. */
    public static SimResult run(long seed, SimOptions options) {
        return new Simulation(seed, options).run();
    }

    private SimResult run() {
        Violation violation = null;
        try {
            trace("seed " + seed + ", " + options.voters() + " voters, " + options.steps() + " steps"
                    + (options.mutant() == null ? "" : ", mutant " + options.mutant()));
            for (SimNode n : nodes.values()) {
                trace("n" + n.id + " clock rate " + n.rate + ", offset " + n.offsetMs + " ms");
                n.boot();
            }
            schedule(1000 + random.nextInt(2000) * 1000L, new Fault());
            workload.start();
            while (events < options.steps() && !queue.isEmpty()) {
                process(queue.poll());
            }
            heal();
            long deadline = now + options.healLimitMs() * 1000;
            long budget = events + 200L * options.healLimitMs();
            while (!converged) {
                Scheduled next = queue.poll();
                if (next == null || next.time > deadline || events > budget) {
                    throw new Stop(Invariant.CONVERGENCE, "no convergence within " + options.healLimitMs()
                            + " ms after healing:" + describe());
                }
                process(next);
            }
        } catch (Stop stop) {
            violation = stop.violation;
            trace("VIOLATION " + violation);
        } catch (RuntimeException e) {
            StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
            violation = new Violation(Invariant.NO_EXCEPTIONS, e + (at == null ? "" : " at " + at));
            trace("VIOLATION " + violation);
        }
        long elections = nodes.values().stream().mapToLong(n -> n.elections).sum();
        SimResult.Stats stats = new SimResult.Stats(events, now / 1000, checker.committedCount(),
                checker.acknowledgedCount(), elections, crashes, partitions, checker.closedCount());
        return new SimResult(seed, options, trace.lines(), trace.hash(), trace.count(), violation, stats);
    }

    private void process(Scheduled s) {
        now = s.time;
        events++;
        Event e = s.event;
        if (e instanceof Deliver d) {
            SimNode to = nodes.get(d.to);
            if (!to.up || !network.alive(d.from, d.to, d.generation)) {
                trace("n" + d.from + "->n" + d.to + " lost " + describe(d.message));
                return;
            }
            trace("n" + d.from + "->n" + d.to + " " + describe(d.message));
            to.onMessage(d.from, d.message);
        } else if (e instanceof Tick t) {
            SimNode n = nodes.get(t.node);
            if (n.up && n.incarnation == t.incarnation) {
                n.onTick();
                scheduleTick(n);
            }
        } else if (e instanceof Finalize f) {
            SimNode n = nodes.get(f.node);
            if (n.up && n.incarnation == f.incarnation) {
                trace("n" + n.id + " finalize wait " + f.round + " over");
                n.onFinalize(f.round);
            }
        } else if (e instanceof DiskSync d) {
            SimNode n = nodes.get(d.node);
            if (n.up && n.incarnation == d.incarnation) {
                trace("n" + n.id + " disk sync");
                n.onDiskSync();
            }
        } else if (e instanceof Fault) {
            fault();
        } else if (e instanceof ClientStep c) {
            workload.step(c.client, healing);
        } else if (e instanceof CheckConvergence) {
            checkConvergence();
        }
    }

    // ---- faults ----

    private void fault() {
        if (healing) {
            return;
        }
        int r = random.nextInt(100);
        List<SimNode> upNodes = nodes.values().stream().filter(n -> n.up).toList();
        List<SimNode> downNodes = nodes.values().stream().filter(n -> !n.up).toList();
        if (r < 22) {
            StringBuilder what = new StringBuilder();
            Set<Long> cut = SimNetwork.randomCut(ids, random, what);
            network.partition(cut);
            partitions++;
            trace("partition: " + what);
        } else if (r < 40) {
            network.heal();
            trace("partition healed");
        } else if (r < 56 && !upNodes.isEmpty()) {
            SimNode n = upNodes.get(random.nextInt(upNodes.size()));
            crashes++;
            n.crash(random.nextInt(3), random.nextBoolean());
            network.crashed(n.id, ids);
        } else if (r < 75 && !downNodes.isEmpty()) {
            SimNode n = downNodes.get(random.nextInt(downNodes.size()));
            trace("n" + n.id + " restarts");
            n.boot();
        } else if (r < 85 && !upNodes.isEmpty()) {
            upNodes.get(random.nextInt(upNodes.size())).takeSnapshot(random.nextBoolean());
        }
        schedule(100_000 + random.nextInt(2_000) * 1000L, new Fault());
    }

    private void heal() {
        healing = true;
        network.heal();
        trace("heal: partitions healed, every server up, clients only keep their sessions alive");
        for (SimNode n : nodes.values()) {
            if (!n.up) {
                trace("n" + n.id + " restarts");
                n.boot();
            }
        }
        schedule(500_000, new CheckConvergence());
    }

    private void checkConvergence() {
        SimNode first = nodes.values().iterator().next();
        long leaderId = first.servingLeader();
        boolean ok = leaderId > 0;
        for (SimNode n : nodes.values()) {
            ok &= n.up && n.servingLeader() == leaderId && n.servingEpoch() == first.servingEpoch()
                    && n.db.lastZxid() == first.db.lastZxid() && n.db.digest() == first.db.digest();
        }
        if (ok) {
            SimNode lead = nodes.get(leaderId);
            for (long id : ids) {
                ok &= id == leaderId || lead.leader.learners().contains(id);
            }
            ok &= workload.abandonedAmong(lead.db.sessions().keySet()) == 0;
        }
        if (ok) {
            converged = true;
            trace("converged: leader n" + leaderId + ", epoch " + first.servingEpoch() + ", zxid "
                    + hex(first.db.lastZxid()) + ", digest " + hex(first.db.digest()));
        } else {
            schedule(500_000, new CheckConvergence());
        }
    }

    // ---- services for the nodes and the workload ----

    long now() {
        return now;
    }

    Checker checker() {
        return checker;
    }

    SimNode node(long id) {
        return nodes.get(id);
    }

    List<SimNode> upNodes() {
        return nodes.values().stream().filter(n -> n.up).toList();
    }

    void trace(String line) {
        trace.add(now, line);
    }

    private void schedule(long delayMicros, Event e) {
        queue.add(new Scheduled(now + delayMicros, seq++, e));
    }

    void scheduleClient(long delayMicros, int client) {
        schedule(delayMicros, new ClientStep(client));
    }

    void send(long from, long to, Wire message) {
        if (network.isCut(from, to) || !nodes.get(to).up) {
            trace("n" + from + "->n" + to + " dropped " + describe(message));
            return;
        }
        // Mostly fast, sometimes slow: a congested link or a GC pause on the way.
        long delay = random.nextInt(10) == 0 ? 1_000 + random.nextInt(100_000) : 100 + random.nextInt(5_000);
        long generation = network.generation(from, to);
        queue.add(new Scheduled(network.arrival(from, to, now, delay), seq++, new Deliver(from, to, generation, message)));
    }

    void scheduleTick(SimNode n) {
        long interval = n.localToSim(SimNode.TICK_MS);
        schedule(interval, new Tick(n.id, n.incarnation));
    }

    void scheduleFinalize(SimNode n, long round) {
        schedule(n.localToSim(SimNode.FINALIZE_MS), new Finalize(n.id, n.incarnation, round));
    }

    void scheduleSync(SimNode n) {
        if (!n.syncScheduled) {
            n.syncScheduled = true;
            long delay = random.nextInt(20) == 0 ? 5_000 + random.nextInt(50_000) : 200 + random.nextInt(3_000);
            schedule(delay, new DiskSync(n.id, n.incarnation));
        }
    }

    void applied(long node, Txn t, Applied a) {
        workload.applied(node, t, a);
    }

    void requestsLost(long node) {
        workload.lost(node);
    }

    void requestFailed(long node, long sessionId, int cxid, String why) {
        workload.failed(node, sessionId, cxid, why);
    }

    private static String describe(Wire m) {
        if (m instanceof Wire.Vote v) {
            return Describe.vote(v.notification());
        } else if (m instanceof Wire.Zab z) {
            return Describe.packet(z.packet());
        } else if (m instanceof Wire.Forward f) {
            return "forward " + Describe.txn(f.request());
        } else if (m instanceof Wire.Refused r) {
            return "refused s=" + hex(r.sessionId()) + " c=" + r.cxid();
        } else if (m instanceof Wire.Touches t) {
            return "touches " + t.sessions().size();
        }
        return m.getClass().getSimpleName();
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (SimNode n : nodes.values()) {
            b.append("\n  ").append(n.describe());
        }
        return b.toString();
    }
}
