/**
 * Zab, the replication protocol of replicated mode, as plain deterministic classes: they decide from their inputs
 * alone (no clock, sockets, threads or unseeded randomness) and answer every input with a list of effects for a thin
 * actor shell to carry out, in order. Pekko Cluster is only membership and transport; quorums, epochs and leaders are
 * decided here.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link io.warden.server.zab.QuorumConfig}: voters decide by strict majority; observers never count.</li>
 *   <li>{@link io.warden.server.zab.Election}: ZooKeeper's fast leader election for one server. Votes are ordered by
 *       (peerEpoch, zxid, sid); rounds by the logical clock; a vote is final only after a quorum agrees and the finalize
 *       wait passes without a better one; late joiners learn an established leader from FOLLOWING/LEADING answers once
 *       a quorum agrees and the leader itself says LEADING.</li>
 *   <li>{@link io.warden.server.zab.LeaderProtocol} and {@link io.warden.server.zab.FollowerProtocol}: one epoch of
 *       Zab each, through discovery (new epoch = greatest epoch a quorum accepted + 1), synchronisation (DIFF, TRUNC,
 *       SNAP, then NEWLEADER; the new epoch becomes current before any of that history is logged; the history commits
 *       once a quorum has it durable) and broadcast (zxids assigned by the leader, acks after the follower's fsync,
 *       commits strictly in zxid order once a quorum, the leader included, has the txn durable).</li>
 *   <li>{@link io.warden.server.zab.ZabMessage} inside {@link io.warden.server.zab.Packet}: every message of a
 *       leader-learner session carries the epoch and a sequence number per direction, because Pekko Artery may drop
 *       messages silently. A stale epoch is ignored; a gap ends the session (the learner goes back to LOOKING and is
 *       resynchronised); a session is named by the follower ({@code FollowerInfo.session}) so an answer to an earlier
 *       attempt is never mistaken for the current one.</li>
 *   <li>{@link io.warden.server.zab.TxnHistory}: the read side of the local log, implemented by the shell.</li>
 * </ul>
 *
 * <h2>What the shell must do</h2>
 * <ul>
 *   <li>Election: call {@code start(lastLoggedZxid, currentEpoch)} when LOOKING; deliver notifications; on
 *       {@code ScheduleFinalize(round)} arm a timer (200 ms) and call {@code onFinalizeTimeout(round)}; call
 *       {@code resend()} when nothing arrived for a while; on {@code Decided} create the role. An Election instance
 *       keeps answering LOOKING servers while the role runs; it is restarted with {@code start} after a StepDown.</li>
 *   <li>Roles: construct with the durable state once all disk work of the previous role is finished; {@code start()};
 *       deliver packets from peers with {@code onMessage}; call {@code onTick()} every tick.</li>
 *   <li>Disk: {@code PersistAcceptedEpoch}/{@code PersistCurrentEpoch} are answered by {@code onPersisted(sameEffect)}
 *       once durable; {@code AppendToLog} by {@code onLogged(zxid)} once everything up to zxid is durable (group commit
 *       is welcome); {@code TruncateLog} and {@code ApplySnapshot} (state machine and log replaced) must be durable
 *       before the next effect is carried out. {@link io.warden.server.zab.TxnHistory} must show all of it.</li>
 *   <li>State machine: apply {@code CommitTxns} in order. After a restart the state machine must hold only committed
 *       txns (snapshot plus the log up to a known committed zxid), and that zxid is the roles' {@code lastCommitted}:
 *       logged txns after it are applied when the protocol says they are committed (possibly after a truncation).</li>
 *   <li>Hints: when the transport sees a member's connection close (its process died), call
 *       {@code Election.onMemberGone(sid)} (a round where every other voter agrees then decides without the finalize
 *       wait), {@code FollowerProtocol.onLeaderUnreachable()} if it is our leader (the session ends at once, as
 *       ZooKeeper's does when the leader's socket closes) and {@code LeaderProtocol.onLearnerUnreachable(sid)} if we
 *       lead. Hints only shorten waits: heartbeats remain the authority, and a wrong hint costs an election.</li>
 *   <li>{@code Refused} is a peer caught claiming what it cannot have: log it. {@code StepDown} ends the role: go back
 *       to LOOKING (keeping client connections, DESIGN.md principle 7).</li>
 *   <li>Writes: {@code LeaderProtocol.propose(txn)} only while {@code isServing()}; the zxid in the given txn is
 *       replaced by the one assigned.</li>
 * </ul>
 *
 * <p>The tests drive whole ensembles through an in-memory network with seeded random delivery order, drops,
 * partitions and crashes, checking Zab's invariants after every step.
 */
package io.warden.server.zab;
