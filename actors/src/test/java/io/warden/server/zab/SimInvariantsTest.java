package io.warden.server.zab;

import static io.warden.server.zab.Txns.txn;
import static io.warden.server.zab.Txns.z;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The simulation's invariant checks must catch what they claim to catch, or the simulation proves nothing. */
class SimInvariantsTest {

    private static Sim sim() {
        return new Sim(QuorumConfig.ofVoters(1, 2, 3), 1);
    }

    @Test
    void divergentReplicasAreCaught() {
        Sim sim = sim();
        sim.nodes.get(1L).log.applied.add(txn(z(1, 1)));
        sim.checkInvariants();
        sim.nodes.get(2L).log.applied.add(txn(z(1, 2)));
        assertThrows(AssertionFailedError.class, sim::checkInvariants);
    }

    @Test
    void aLostCommittedTxnIsCaught() {
        Sim sim = sim();
        sim.nodes.get(1L).log.applied.add(txn(z(1, 1)));
        sim.checkInvariants();
        sim.nodes.get(1L).log.applied.clear();
        assertThrows(AssertionFailedError.class, sim::checkInvariants);
    }

    @Test
    void reorderedCommitsAreCaught() {
        Sim sim = sim();
        sim.nodes.get(1L).log.applied.add(txn(z(1, 2)));
        sim.nodes.get(1L).log.applied.add(txn(z(1, 1)));
        assertThrows(AssertionFailedError.class, sim::checkInvariants);
    }
}
