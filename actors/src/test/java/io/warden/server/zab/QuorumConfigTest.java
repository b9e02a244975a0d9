package io.warden.server.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumConfigTest {

    private static QuorumConfig voters(int n, long... observers) {
        return new QuorumConfig(LongStream.rangeClosed(1, n).boxed().toList(),
                LongStream.of(observers).boxed().toList());
    }

    @ParameterizedTest(name = "{0} voters: {1} acks -> {2}")
    @CsvSource({
            "3, 1, false", "3, 2, true", "3, 3, true",
            "4, 2, false", "4, 3, true",
            "5, 2, false", "5, 3, true", "5, 5, true",
            "7, 3, false", "7, 4, true", "7, 7, true"})
    void strictMajorityOfVoters(int voters, int acks, boolean quorum) {
        QuorumConfig c = voters(voters);
        Set<Long> ackers = new HashSet<>(LongStream.rangeClosed(1, acks).boxed().toList());
        assertEquals(quorum, c.isQuorum(ackers));
        assertEquals(voters / 2 + 1, c.quorumSize());
    }

    @Test
    void observersAndStrangersNeverCount() {
        QuorumConfig c = voters(3, 10, 11, 12);
        assertFalse(c.isQuorum(Set.of(1L, 10L, 11L, 12L, 99L)));
        assertTrue(c.isQuorum(Set.of(1L, 2L, 10L)));
        assertTrue(c.isObserver(10));
        assertFalse(c.isVoter(10));
        assertTrue(c.isMember(10));
        assertFalse(c.isMember(99));
        assertEquals(List.of(1L, 2L, 3L, 10L, 11L, 12L), List.copyOf(c.members()));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new QuorumConfig(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new QuorumConfig(List.of(1L, 1L), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new QuorumConfig(List.of(1L, 2L), List.of(2L)));
    }

    /** Property: any two quorums share a voter, whatever observers are added (this is what makes one leader per epoch). */
    @Test
    void anyTwoQuorumsIntersect() {
        Random r = new Random(42);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + r.nextInt(9);
            QuorumConfig c = voters(n, 100, 101);
            Set<Long> a = randomSubset(r, n);
            Set<Long> b = randomSubset(r, n);
            assertEquals(a.stream().filter(c::isVoter).count() * 2 > n, c.isQuorum(a));
            if (c.isQuorum(a) && c.isQuorum(b)) {
                Set<Long> common = new HashSet<>(a);
                common.retainAll(b);
                common.removeIf(id -> !c.isVoter(id));
                assertFalse(common.isEmpty(), a + " and " + b + " of " + n);
            }
        }
    }

    private static Set<Long> randomSubset(Random r, int n) {
        Set<Long> s = new HashSet<>();
        for (long id = 1; id <= n; id++) {
            if (r.nextBoolean()) {
                s.add(id);
            }
        }
        if (r.nextBoolean()) {
            s.add(100L);
        }
        return s;
    }
}
