package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.util.List;

/**
 * The leader's durable log as the synchronisation step needs to see it; the shell implements it over the txn log and
 * the snapshot store. It must reflect every txn the leader has reported durable through {@code onLogged}.
 */
public interface LeaderHistory {

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

    /** The newest snapshot; its zxid is at least {@link #baseZxid()} and at most the leader's last committed zxid. */
    Snapshot latestSnapshot();
}
