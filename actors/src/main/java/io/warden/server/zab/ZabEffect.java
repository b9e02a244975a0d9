package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.util.List;

/**
 * What {@link LeaderProtocol} and {@link FollowerProtocol} ask their shell to do, in the order given. Effects that
 * touch the disk are acknowledged back: the epochs through {@code onPersisted(effect)}, appends through
 * {@code onLogged(zxid)}. TruncateLog and ApplySnapshot must be durable before the shell carries out the next effect.
 */
public sealed interface ZabEffect {

    record Send(long to, Packet packet) implements ZabEffect {
    }

    /** Durably record that we promised not to follow any leader of an older epoch. */
    record PersistAcceptedEpoch(long epoch) implements ZabEffect {
    }

    /** Durably record the epoch whose history our log now holds. */
    record PersistCurrentEpoch(long epoch) implements ZabEffect {
    }

    /** Append to the txn log; report {@code onLogged(lastZxid)} once durable (group commit welcome). */
    record AppendToLog(List<Txn> txns) implements ZabEffect {
        public AppendToLog {
            txns = List.copyOf(txns);
        }
    }

    /** Remove every logged txn with a zxid greater than {@code afterZxid}. */
    record TruncateLog(long afterZxid) implements ZabEffect {
    }

    /** Replace the state machine and the log by this committed snapshot. */
    record ApplySnapshot(Snapshot snapshot) implements ZabEffect {
    }

    /** Apply these committed txns to the state machine, in this order. */
    record CommitTxns(List<Txn> txns) implements ZabEffect {
        public CommitTxns {
            txns = List.copyOf(txns);
        }
    }

    /** The epoch is established: the leader serves writes; a follower is in step with it. */
    record Established(long epoch, long leader) implements ZabEffect {
    }

    /** This role is over: the shell goes back to LOOKING. */
    record StepDown(String reason) implements ZabEffect {
    }

    /** A peer sent something it cannot rightly have sent; it was not believed. The shell logs it. */
    record Refused(long peer, String reason) implements ZabEffect {
    }
}
