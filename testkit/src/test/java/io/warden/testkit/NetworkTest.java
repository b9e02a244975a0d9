package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault table of an ensemble's links, without nodes. */
class NetworkTest {
    private final Network network = new Network(List.of(1, 2, 3));

    @Test
    void aLinkHasFaultsPerDirectionUntilHealed() {
        new Link(network, 1, 2, false).cut().delay(Duration.ofMillis(5));
        new Link(network, 2, 3, true).drop(0.25, 9);
        assertEquals(new LinkFaults(true, 0, 0, Duration.ofMillis(5)), network.faults(1, 2));
        assertEquals(LinkFaults.NONE, network.faults(2, 1));
        assertEquals(new LinkFaults(false, 0.25, 9, Duration.ZERO), network.faults(3, 2));
        network.healAll();
        for (int a : List.of(1, 2, 3)) {
            for (int b : List.of(1, 2, 3)) {
                if (a != b) {
                    assertEquals(LinkFaults.NONE, network.faults(a, b));
                }
            }
        }
    }

    @Test
    void onlyLinksBetweenTwoKnownNodesExist() {
        assertThrows(IllegalArgumentException.class, () -> network.change(1, 1, f -> f.withCut(true)));
        assertThrows(IllegalArgumentException.class, () -> network.change(1, 4, f -> f.withCut(true)));
        assertThrows(IllegalArgumentException.class, () -> new LinkFaults(false, 1.5, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LinkFaults(false, 0, 0, Duration.ofMillis(-1)));
    }
}
