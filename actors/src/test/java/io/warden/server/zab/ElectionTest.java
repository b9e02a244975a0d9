package io.warden.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.zab.ElectionEffect.Broadcast;
import io.warden.server.zab.ElectionEffect.Decided;
import io.warden.server.zab.ElectionEffect.ScheduleFinalize;
import io.warden.server.zab.ElectionEffect.Send;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElectionTest {

    private static final QuorumConfig THREE = QuorumConfig.ofVoters(1, 2, 3);
    private static final QuorumConfig FIVE = QuorumConfig.ofVoters(1, 2, 3, 4, 5);

    /** Elections only, over FIFO links delivered in seeded random order; finalize waits end when nothing is in flight. */
    static final class Net {
        final QuorumConfig config;
        final Random random;
        final Map<Long, Election> servers = new TreeMap<>();
        final Map<Long, Decided> decided = new HashMap<>();
        final Map<Long, Long> finalizeRound = new HashMap<>();
        final Map<String, ArrayDeque<Notification>> links = new TreeMap<>();
        Set<Long> reachable;

        Net(QuorumConfig config, long seed) {
            this.config = config;
            this.random = new Random(seed);
            this.reachable = config.members();
            for (long id : config.members()) {
                servers.put(id, new Election(id, config));
            }
        }

        void start(long id, long zxid, long epoch) {
            handle(id, servers.get(id).start(zxid, epoch));
        }

        void handle(long id, List<ElectionEffect> effects) {
            for (ElectionEffect e : effects) {
                if (e instanceof Send s) {
                    send(id, s.to(), s.notification());
                } else if (e instanceof Broadcast b) {
                    for (long v : config.voters()) {
                        if (v != id) {
                            send(id, v, b.notification());
                        }
                    }
                } else if (e instanceof ScheduleFinalize f) {
                    finalizeRound.put(id, f.round());
                } else if (e instanceof Decided d) {
                    finalizeRound.remove(id);
                    Decided before = decided.put(id, d);
                    assertNull(before, "server " + id + " decided twice");
                }
            }
        }

        void send(long from, long to, Notification n) {
            if (reachable.contains(from) && reachable.contains(to)) {
                links.computeIfAbsent(from + ">" + to, k -> new ArrayDeque<>()).add(n);
            }
        }

        /** Runs until nothing is in flight and no finalize wait is pending. */
        void run() {
            for (int steps = 0; steps < 100_000; steps++) {
                if (!links.isEmpty()) {
                    List<String> keys = new ArrayList<>(links.keySet());
                    String k = keys.get(random.nextInt(keys.size()));
                    ArrayDeque<Notification> q = links.get(k);
                    Notification n = q.poll();
                    if (q.isEmpty()) {
                        links.remove(k);
                    }
                    long from = Long.parseLong(k.substring(0, k.indexOf('>')));
                    long to = Long.parseLong(k.substring(k.indexOf('>') + 1));
                    handle(to, servers.get(to).onNotification(from, n));
                } else if (!finalizeRound.isEmpty()) {
                    List<Long> ids = new ArrayList<>(finalizeRound.keySet());
                    long id = ids.get(random.nextInt(ids.size()));
                    handle(id, servers.get(id).onFinalizeTimeout(finalizeRound.remove(id)));
                } else {
                    return;
                }
            }
            throw new AssertionError("election did not settle");
        }
    }

    @ParameterizedTest(name = "zxids {0}, epochs {1} -> leader {2}")
    @CsvSource({
            "'5,5,5', '1,1,1', 3",      // all equal: the highest sid
            "'7,5,5', '1,1,1', 1",      // the highest zxid
            "'5,7,7', '1,1,1', 3",      // a tie on zxid broken by sid
            "'9,5,5', '1,2,1', 2",      // a higher epoch beats a higher zxid
            "'0,0,0', '0,0,0', 3",      // a fresh ensemble
            "'9,9,1', '3,3,4', 3"})     // epoch first
    void theBestVoteWinsInEveryOrder(String zxids, String epochs, long leader) {
        String[] z = zxids.split(",");
        String[] e = epochs.split(",");
        for (long seed = 0; seed < 40; seed++) {
            Net net = new Net(THREE, seed);
            for (long id = 1; id <= 3; id++) {
                net.start(id, Long.parseLong(z[(int) id - 1]), Long.parseLong(e[(int) id - 1]));
            }
            net.run();
            assertEquals(3, net.decided.size(), "seed " + seed);
            for (Map.Entry<Long, Decided> d : net.decided.entrySet()) {
                assertEquals(leader, d.getValue().leader(), "seed " + seed);
                assertEquals(d.getKey() == leader ? ServerState.LEADING : ServerState.FOLLOWING, d.getValue().role());
            }
        }
    }

    /** Property: with everyone reachable, every voter elects the server with the best (epoch, zxid, sid). */
    @Test
    void randomStatesElectTheBestServer() {
        Random r = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int n = new int[] {3, 4, 5, 7}[r.nextInt(4)];
            QuorumConfig c = QuorumConfig.ofVoters(java.util.stream.LongStream.rangeClosed(1, n).toArray());
            Net net = new Net(c, trial);
            Vote best = null;
            List<Long> order = new ArrayList<>(c.voters());
            java.util.Collections.shuffle(order, r);
            for (long id : order) {
                Vote v = new Vote(id, r.nextInt(3), r.nextInt(2));
                if (best == null || v.beats(best)) {
                    best = v;
                }
                net.start(id, v.zxid(), v.peerEpoch());
            }
            net.run();
            assertEquals(n, net.decided.size(), "trial " + trial);
            for (Decided d : net.decided.values()) {
                assertEquals(best.leader(), d.leader(), "trial " + trial);
            }
        }
    }

    @Test
    void withTheThirdVoterGoneTwoAgreeingVotersDecideWithoutTheFinalizeWait() {
        Election e = new Election(1, THREE);
        e.start(5, 1);
        assertEquals(List.of(), e.onMemberGone(3));
        List<ElectionEffect> out = e.onNotification(2, new Notification(new Vote(2, 3, 1), 1, ServerState.LOOKING));
        assertEquals(ServerState.LOOKING, e.state(), "2's vote is worse than ours: 2 has not agreed yet");
        out = e.onNotification(2, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        assertTrue(out.contains(new Decided(1, ServerState.LEADING, new Vote(1, 5, 1), 1)), out.toString());
    }

    @Test
    void aGoneVoterHeardFromAgainIsWaitedForAsUsual() {
        Election e = new Election(1, THREE);
        e.start(5, 1);
        e.onMemberGone(3);
        e.onNotification(3, new Notification(new Vote(3, 0, 0), 1, ServerState.LOOKING));
        List<ElectionEffect> out = e.onNotification(2, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        assertTrue(out.contains(new ScheduleFinalize(1)), out.toString());
        assertEquals(ServerState.LOOKING, e.state(), "3 is back and has not agreed: the finalize wait decides");
        assertEquals(List.of(), e.onMemberGone(2).stream().filter(x -> x instanceof Decided).toList(),
                "2 gone: its vote no longer counts, so there is no quorum to decide");
    }

    @Test
    void aLowerRoundIsNotCountedButAnswered() {
        Election e = new Election(1, THREE);
        e.start(5, 1);
        e.start(5, 1); // round 2
        List<ElectionEffect> out = e.onNotification(2, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        assertEquals(List.of(new Send(2, new Notification(new Vote(1, 5, 1), 2, ServerState.LOOKING))), out);
        // Had it counted, {1, 2} would be a quorum for our vote and a finalize wait would start.
        assertTrue(e.onNotification(3, new Notification(new Vote(3, 0, 0), 1, ServerState.LOOKING)).stream()
                .noneMatch(x -> x instanceof ScheduleFinalize));
        assertEquals(ServerState.LOOKING, e.state());
    }

    @Test
    void aHigherRoundResetsOursAndKeepsTheBetterVote() {
        Election e = new Election(1, THREE);
        e.start(5, 1);
        assertTrue(e.onNotification(3, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING))
                .contains(new ScheduleFinalize(1)), "3 agrees in round 1");
        List<ElectionEffect> out = e.onNotification(2, new Notification(new Vote(2, 3, 1), 4, ServerState.LOOKING));
        assertEquals(4, e.logicalClock());
        assertEquals(new Vote(1, 5, 1), e.proposal(), "our own vote is better than 2's");
        assertTrue(out.contains(new Broadcast(new Notification(new Vote(1, 5, 1), 4, ServerState.LOOKING))));
        // 3's agreement was for round 1: it no longer counts, so there is no quorum yet.
        assertTrue(out.stream().noneMatch(x -> x instanceof ScheduleFinalize));
        assertEquals(List.of(), e.onFinalizeTimeout(1), "round 1's wait ended with the round");
        out = e.onNotification(3, new Notification(new Vote(1, 5, 1), 4, ServerState.LOOKING));
        assertTrue(out.contains(new ScheduleFinalize(2)));
        assertEquals(List.of(new Decided(1, ServerState.LEADING, new Vote(1, 5, 1), 4)), e.onFinalizeTimeout(2));
    }

    @Test
    void aBetterVoteDuringTheFinalizeWaitCancelsIt() {
        Election e = new Election(1, THREE);
        e.start(5, 1);
        List<ElectionEffect> out = e.onNotification(2, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        assertEquals(List.of(new ScheduleFinalize(1)), out);
        out = e.onNotification(3, new Notification(new Vote(3, 6, 1), 1, ServerState.LOOKING));
        assertEquals(new Vote(3, 6, 1), e.proposal());
        assertTrue(out.contains(new ScheduleFinalize(2)), "1 and 3 now agree on 3");
        assertEquals(List.of(), e.onFinalizeTimeout(1), "the superseded timer decides nothing");
        assertEquals(List.of(new Decided(3, ServerState.FOLLOWING, new Vote(3, 6, 1), 1)), e.onFinalizeTimeout(2));
        assertEquals(ServerState.FOLLOWING, e.state());
    }

    @Test
    void aVoterThatMovesAwayDuringTheWaitPreventsTheDecision() {
        Election e = new Election(1, FIVE);
        e.start(5, 1);
        e.onNotification(2, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        List<ElectionEffect> out = e.onNotification(3, new Notification(new Vote(1, 5, 1), 1, ServerState.LOOKING));
        assertTrue(out.contains(new ScheduleFinalize(1)));
        // 3 now votes for a worse server (it cannot in FLE, but a notification may be lost and replaced): no quorum left.
        e.onNotification(3, new Notification(new Vote(2, 1, 1), 1, ServerState.LOOKING));
        assertEquals(List.of(), e.onFinalizeTimeout());
        assertEquals(ServerState.LOOKING, e.state());
    }

    @Test
    void aLateJoinerLearnsTheEstablishedLeader() {
        Election late = new Election(3, THREE);
        late.start(0, 0);
        Vote v = new Vote(2, 40, 1);
        List<ElectionEffect> out = late.onNotification(1, new Notification(v, 7, ServerState.FOLLOWING));
        assertTrue(out.stream().noneMatch(x -> x instanceof Decided), "one follower is not a quorum");
        out = late.onNotification(2, new Notification(v, 7, ServerState.LEADING));
        assertEquals(List.of(new Decided(2, ServerState.FOLLOWING, v, 7)), out);
        assertEquals(7, late.logicalClock());
        // Decided, it answers looking servers with its decision.
        assertEquals(List.of(new Send(1, new Notification(v, 7, ServerState.FOLLOWING))),
                late.onNotification(1, new Notification(new Vote(1, 0, 0), 1, ServerState.LOOKING)));
    }

    @Test
    void followersOfALeaderThatDoesNotSayLeadingAreNotBelieved() {
        Election late = new Election(1, FIVE);
        late.start(0, 0);
        Vote v = new Vote(5, 40, 1);
        for (long id = 2; id <= 4; id++) {
            List<ElectionEffect> out = late.onNotification(id, new Notification(v, 3, ServerState.FOLLOWING));
            assertTrue(out.stream().noneMatch(x -> x instanceof Decided));
        }
        assertEquals(ServerState.LOOKING, late.state());
        assertTrue(late.onNotification(5, new Notification(v, 3, ServerState.LEADING)).stream()
                .anyMatch(x -> x instanceof Decided d && d.leader() == 5));
    }

    @Test
    void aMinorityNeverDecides() {
        for (long seed = 0; seed < 50; seed++) {
            Net net = new Net(FIVE, seed);
            net.reachable = Set.of(1L, 2L);
            for (long id = 1; id <= 5; id++) {
                net.start(id, id, 1);
            }
            net.run();
            for (long id = 1; id <= 5; id++) {
                handleAll(net, id, net.servers.get(id).resend());
            }
            net.run();
            assertEquals(Map.of(), net.decided, "seed " + seed);
        }
    }

    /** Property: under random partitions, a server decides only with a quorum on its side. */
    @Test
    void onlyTheMajoritySideDecides() {
        Random r = new Random(99);
        for (int trial = 0; trial < 200; trial++) {
            Net net = new Net(FIVE, trial);
            java.util.HashSet<Long> side = new java.util.HashSet<>();
            for (long id = 1; id <= 5; id++) {
                if (r.nextBoolean()) {
                    side.add(id);
                }
            }
            net.reachable = side;
            for (long id = 1; id <= 5; id++) {
                net.start(id, r.nextInt(3), 1);
            }
            net.run();
            if (FIVE.isQuorum(side)) {
                assertEquals(side, net.decided.keySet(), "trial " + trial);
                assertEquals(1, net.decided.values().stream().map(Decided::leader).distinct().count());
            } else {
                assertEquals(Map.of(), net.decided, "trial " + trial);
            }
        }
    }

    @Test
    void observersLearnTheLeaderButNeverCount() {
        QuorumConfig c = new QuorumConfig(List.of(1L, 2L, 3L), List.of(8L, 9L));
        for (long seed = 0; seed < 30; seed++) {
            Net net = new Net(c, seed);
            for (long id : c.members()) {
                net.start(id, id == 8 ? 100 : 5, 1); // an observer's log is never a reason to elect it
            }
            net.run();
            for (long id : c.members()) {
                Decided d = net.decided.get(id);
                assertEquals(3, d.leader(), "seed " + seed + " server " + id);
                assertEquals(id == 3 ? ServerState.LEADING : c.isObserver(id) ? ServerState.OBSERVING
                        : ServerState.FOLLOWING, d.role());
            }
        }
        // One voter and two observers are no quorum.
        Net net = new Net(c, 1);
        net.reachable = Set.of(1L, 8L, 9L);
        for (long id : c.members()) {
            net.start(id, 5, 1);
        }
        net.run();
        assertEquals(Map.of(), net.decided);
    }

    @Test
    void aSingleVoterElectsItselfAndItsObserversFollow() {
        QuorumConfig c = new QuorumConfig(List.of(1L), List.of(2L));
        Net net = new Net(c, 3);
        net.start(1, 5, 1);
        net.start(2, 9, 1);
        net.run();
        assertEquals(ServerState.LEADING, net.decided.get(1L).role());
        assertEquals(new Decided(1, ServerState.OBSERVING, new Vote(1, 5, 1), 1), net.decided.get(2L));
    }

    @Test
    void aLateJoinerFollowsALiveLeaderEvenIfItsFollowersDecidedOnOlderVotes() {
        // 1 and 2 learned leader 5 in an earlier round (its vote then had peer epoch 1); 5 re-elected itself since.
        Election late = new Election(3, FIVE);
        late.start(0, 0);
        Vote old = new Vote(5, 60, 1);
        late.onNotification(1, new Notification(old, 3, ServerState.FOLLOWING));
        late.onNotification(2, new Notification(old, 3, ServerState.FOLLOWING));
        List<ElectionEffect> out = late.onNotification(5, new Notification(new Vote(5, 90, 2), 4, ServerState.LEADING));
        assertTrue(out.stream().anyMatch(x -> x instanceof Decided d && d.leader() == 5), out.toString());
    }

    private static void handleAll(Net net, long id, List<ElectionEffect> effects) {
        net.handle(id, effects);
    }

    @Test
    void aLookingServerWithAWorseVoteIsToldOursAtOnce() {
        // Server 2 began its round after our broadcast reached it (it was still following the dead leader then): its
        // vote for itself is all we hear. It must learn ours now, not at our next resend.
        Election three = new Election(3, THREE);
        three.start(0x100000005L, 1);
        List<ElectionEffect> out = three.onNotification(2, new Notification(new Vote(2, 0x100000005L, 1), 1, ServerState.LOOKING));
        assertTrue(out.contains(new Send(2, new Notification(new Vote(3, 0x100000005L, 1), 1, ServerState.LOOKING))), out.toString());

        // Its vote, once it is ours, needs no answer: the exchange ends.
        Election two = new Election(2, THREE);
        two.start(0x100000005L, 1);
        assertTrue(two.onNotification(3, new Notification(new Vote(3, 0x100000005L, 1), 1, ServerState.LOOKING)).stream()
                .noneMatch(e -> e instanceof Send), "a better vote is adopted and broadcast, not answered");
        assertTrue(three.onNotification(2, new Notification(new Vote(3, 0x100000005L, 1), 1, ServerState.LOOKING)).stream()
                .noneMatch(e -> e instanceof Send), "an equal vote is not answered");
    }
}
