package io.warden.server.zab;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who belongs to the ensemble: voters decide (elections, epochs, commits) by strict majority; observers follow the
 * committed stream but never count, so adding observers scales reads without making writes wait for more acks.
 */
public final class QuorumConfig {
    private final Set<Long> voters;
    private final Set<Long> observers;

    public QuorumConfig(Collection<Long> voters, Collection<Long> observers) {
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one voter");
        }
        TreeSet<Long> v = new TreeSet<>(voters);
        TreeSet<Long> o = new TreeSet<>(observers);
        if (v.size() != voters.size() || o.size() != observers.size()) {
            throw new IllegalArgumentException("duplicate server id");
        }
        for (Long id : o) {
            if (v.contains(id)) {
                throw new IllegalArgumentException("server " + id + " cannot be both voter and observer");
            }
        }
        this.voters = Collections.unmodifiableSet(v);
        this.observers = Collections.unmodifiableSet(o);
    }

    public static QuorumConfig ofVoters(long... ids) {
        TreeSet<Long> v = new TreeSet<>();
        for (long id : ids) {
            v.add(id);
        }
        return new QuorumConfig(v, Set.of());
    }

    public Set<Long> voters() {
        return voters;
    }

    public Set<Long> observers() {
        return observers;
    }

    public boolean isVoter(long sid) {
        return voters.contains(sid);
    }

    public boolean isObserver(long sid) {
        return observers.contains(sid);
    }

    public boolean isMember(long sid) {
        return isVoter(sid) || isObserver(sid);
    }

    /** Every member in id order: voters and observers. */
    public Set<Long> members() {
        TreeSet<Long> all = new TreeSet<>(voters);
        all.addAll(observers);
        return Collections.unmodifiableSet(all);
    }

    /** The smallest number of voters that is a strict majority. */
    public int quorumSize() {
        return voters.size() / 2 + 1;
    }

    /** True when the voters among {@code ackers} are a strict majority of all voters; observers and strangers never count. */
    public boolean isQuorum(Set<Long> ackers) {
        int n = 0;
        for (Long id : ackers) {
            if (voters.contains(id)) {
                n++;
            }
        }
        return n > voters.size() / 2;
    }

    @Override
    public String toString() {
        return "QuorumConfig{voters=" + voters + ", observers=" + observers + "}";
    }
}
