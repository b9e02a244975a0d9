package io.warden.server.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated part of a zoo.cfg: every server of the ensemble ({@code server.N} lines, the same file on every
 * server), which of them this one is ({@code myid} in dataDir), and Zab's time limits in ticks.
 *
 * @param myId      this server's id
 * @param members   every server by id, voters and observers
 * @param initLimit ticks a follower may take to connect to and sync with a new leader
 * @param syncLimit ticks a follower may lag behind the leader before it is dropped (and the leader without a quorum
 *                  for that long steps down)
 */
public record EnsembleConfig(long myId, Map<Long, Member> members, int initLimit, int syncLimit) {

    public enum Role { PARTICIPANT, OBSERVER }

    /** One {@code server.N=host:quorumPort:electionPort[:role][;[clientAddress:]clientPort]} line. */
    public record Member(long id, String host, int quorumPort, int electionPort, Role role, String clientAddress,
                         int clientPort) {
    }

    public EnsembleConfig {
        members = Map.copyOf(new TreeMap<>(members));
    }

    public Member me() {
        return members.get(myId);
    }

    public List<Member> voters() {
        return members.values().stream().filter(m -> m.role() == Role.PARTICIPANT)
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }

    public List<Member> observers() {
        return members.values().stream().filter(m -> m.role() == Role.OBSERVER)
                .sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
    }
}
