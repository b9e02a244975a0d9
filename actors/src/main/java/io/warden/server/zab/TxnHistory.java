package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.util.List;

/**
 * A server's durable log as Zab needs to read it: the leader to synchronise learners, a follower to apply the history
 * it holds once the leader says it is committed. The shell implements it over the txn log and the snapshot store; it
 * must reflect every txn reported durable through {@code onLogged}, and TruncateLog/ApplySnapshot once carried out.
 */
public interface TxnHistory {

    /** The log holds every txn after this zxid; older ones only survive in snapshots (0 when nothing was purged). */
    long baseZxid();

    /** The last durable zxid (equal to {@link #baseZxid()} when the log is empty). */
    long lastZxid();

    /** True when a txn with exactly this zxid is in the log. */
    boolean contains(long zxid);

    /** The greatest zxid in the log that is at most {@code zxid}, or {@link #baseZxid()} if there is none. */
    long floor(long zxid);

    /** The txns with {@code after < zxid <= upTo}, in zxid order. */
    List<Txn> range(long after, long upTo);

    /** The newest snapshot; its zxid is at least {@link #baseZxid()} and at most the server's last committed zxid. */
    Snapshot latestSnapshot();
}
