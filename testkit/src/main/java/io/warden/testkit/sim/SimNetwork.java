package io.warden.testkit.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Links between simulated servers, one per direction, FIFO while their connection lives, as TCP is. A partition or a
 * crash breaks a connection: whatever it had in flight is lost, and later messages travel on a new connection.
 */
final class SimNetwork {
    private static final class Link {
        long generation;
        long lastDelivery;
    }

    private final Map<Long, Link> links = new HashMap<>();
    /** Directed links cut by the current partition, as from * 1000 + to. */
    private final Set<Long> cut = new HashSet<>();

    private Link link(long from, long to) {
        return links.computeIfAbsent(from * 1000 + to, k -> new Link());
    }

    boolean isCut(long from, long to) {
        return cut.contains(from * 1000 + to);
    }

    /** The connection a message sent now travels on. */
    long generation(long from, long to) {
        return link(from, to).generation;
    }

    /** When a message sent now arrives: after {@code delay}, but never before one sent earlier on the same link. */
    long arrival(long from, long to, long now, long delay) {
        Link l = link(from, to);
        l.lastDelivery = Math.max(now + delay, l.lastDelivery);
        return l.lastDelivery;
    }

    boolean alive(long from, long to, long generation) {
        return link(from, to).generation == generation && !isCut(from, to);
    }

    private void breakLink(long from, long to) {
        link(from, to).generation++;
    }

    /** Every connection of a crashed server breaks. */
    void crashed(long node, List<Long> all) {
        for (long other : all) {
            breakLink(node, other);
            breakLink(other, node);
        }
    }

    /** Replaces the cut links; links newly cut lose what they had in flight. */
    void partition(Set<Long> newCut) {
        for (long k : newCut) {
            if (!cut.contains(k)) {
                breakLink(k / 1000, k % 1000);
            }
        }
        cut.clear();
        cut.addAll(newCut);
    }

    void heal() {
        cut.clear();
    }

    /**
     * A partition of a random shape: two sides, one server alone, three sides, or a random set of one-way cuts.
     *
     * @return the cut directed links (from * 1000 + to) and a description
     */
    static Set<Long> randomCut(List<Long> nodes, Random random, StringBuilder description) {
        int shape = random.nextInt(4);
        int[] group = new int[nodes.size()];
        Set<Long> out = new HashSet<>();
        switch (shape) {
            case 0 -> {
                for (int i = 0; i < group.length; i++) {
                    group[i] = random.nextInt(2);
                }
                description.append("two sides");
            }
            case 1 -> {
                int alone = random.nextInt(group.length);
                group[alone] = 1;
                description.append("n").append(nodes.get(alone)).append(" isolated");
            }
            case 2 -> {
                for (int i = 0; i < group.length; i++) {
                    group[i] = random.nextInt(3);
                }
                description.append("three sides");
            }
            default -> {
                description.append("one-way cuts");
                for (long a : nodes) {
                    for (long b : nodes) {
                        if (a != b && random.nextInt(4) == 0) {
                            out.add(a * 1000 + b);
                            description.append(" n").append(a).append("-/->n").append(b);
                        }
                    }
                }
                return out;
            }
        }
        description.append(":");
        for (int i = 0; i < group.length; i++) {
            description.append(" n").append(nodes.get(i)).append("@").append(group[i]);
            for (int j = 0; j < group.length; j++) {
                if (group[i] != group[j]) {
                    out.add(nodes.get(i) * 1000 + nodes.get(j));
                }
            }
        }
        return out;
    }
}
