package io.warden.server.zab;

import java.util.ArrayList;
import java.util.List;

/**
 * How a leader brings one learner's log to its history up to {@code limit}, as ZooKeeper's LearnerHandler decides:
 * DIFF when the learner's last zxid is in the leader's log; TRUNC first when the learner has txns the leader never had
 * (past the limit, or between two of the leader's txns: proposals of a leader that failed); SNAP first when the
 * learner is older than the leader's log. Relies on Zab's prefix property: a zxid both logs hold ends a common prefix.
 */
final class SyncPlan {
    private SyncPlan() {
    }

    static List<ZabMessage> plan(TxnHistory history, long learnerLast, long limit) {
        List<ZabMessage> out = new ArrayList<>();
        long from;
        if (learnerLast > limit) {
            out.add(new ZabMessage.Trunc(limit));
            from = limit;
        } else if (learnerLast < history.baseZxid()) {
            Snapshot snap = history.latestSnapshot();
            out.add(new ZabMessage.Snap(snap.zxid(), snap.data()));
            from = snap.zxid();
        } else if (learnerLast == history.baseZxid() || history.contains(learnerLast)) {
            from = learnerLast;
        } else {
            from = history.floor(learnerLast);
            out.add(new ZabMessage.Trunc(from));
        }
        out.add(new ZabMessage.Diff(from < limit ? history.range(from, limit) : List.of()));
        return out;
    }
}
