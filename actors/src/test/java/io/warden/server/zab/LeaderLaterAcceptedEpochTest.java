package io.warden.server.zab;

import static io.warden.server.zab.Txns.sentTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.zab.ZabEffect.PersistAcceptedEpoch;
import io.warden.server.zab.ZabEffect.PersistCurrentEpoch;
import io.warden.server.zab.ZabMessage.AckEpoch;
import io.warden.server.zab.ZabMessage.AckNewLeader;
import io.warden.server.zab.ZabMessage.FollowerInfo;
import io.warden.server.zab.ZabMessage.LeaderInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A learner that promised a later epoch to a leader that never established it can never follow an earlier epoch. The
 * simulator found the livelock (testkit, seed 490 with five voters): two of five servers had accepted epoch 4 while
 * the leader of epoch 2 kept its quorum, so they went from election to refusal and back for good. The leader now
 * steps down, and the next election's epoch is later than every promise.
 */
class LeaderLaterAcceptedEpochTest {
    private static final QuorumConfig FIVE = QuorumConfig.ofVoters(1, 2, 3, 4, 5);

    private final long[] seq = new long[6];

    private Packet from(long sid, long epoch, ZabMessage m) {
        if (m instanceof FollowerInfo) {
            seq[(int) sid] = 0;
        }
        return new Packet(epoch, ++seq[(int) sid], m);
    }

    /** Leader 1 establishes epoch 1 with followers 2 and 3. */
    private LeaderProtocol established() {
        LeaderProtocol leader = new LeaderProtocol(1, FIVE, 0, 0, 0, new FakeLog(), 10, 5);
        leader.start();
        leader.onMessage(2, from(2, 0, new FollowerInfo(2, 0, 0, 1)));
        assertEquals(List.of(new PersistAcceptedEpoch(1)), leader.onMessage(3, from(3, 0, new FollowerInfo(3, 0, 0, 1))));
        leader.onPersisted(new PersistAcceptedEpoch(1));
        leader.onMessage(2, from(2, 1, new AckEpoch(0, 0)));
        assertEquals(List.of(new PersistCurrentEpoch(1)), leader.onMessage(3, from(3, 1, new AckEpoch(0, 0))));
        leader.onPersisted(new PersistCurrentEpoch(1));
        leader.onMessage(2, from(2, 1, new AckNewLeader(Zxids.make(1, 0))));
        leader.onMessage(3, from(3, 1, new AckNewLeader(Zxids.make(1, 0))));
        assertTrue(leader.isServing());
        return leader;
    }

    @Test
    void aLearnerThatAcceptedALaterEpochMakesTheLeaderStepDown() {
        LeaderProtocol leader = established();
        List<ZabEffect> out = leader.onMessage(4, from(4, 0, new FollowerInfo(4, 4, 0, 7)));
        assertTrue(out.stream().anyMatch(e -> e instanceof ZabEffect.StepDown), out.toString());
        assertTrue(leader.isStopped());
    }

    @Test
    void aLearnerThatAcceptedNoLaterEpochIsSynchronised() {
        LeaderProtocol leader = established();
        List<ZabEffect> out = leader.onMessage(4, from(4, 0, new FollowerInfo(4, 1, 0, 7)));
        assertEquals(List.of(new LeaderInfo(1, 7)), sentTo(4, out));
        assertFalse(leader.isStopped());
    }
}
