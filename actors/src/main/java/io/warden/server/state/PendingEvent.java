package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.EventType;
import java.util.List;

/**
 * A watch trigger produced by a tree change, fired once the txn is known to stand (a failed multi drops
 * them). {@code path} is the watched path: the parent for NodeChildrenChanged. {@code acl} is the ACL of
 * that node, which decides whether a watcher may see the event.
 */
record PendingEvent(EventType type, String path, List<ACL> acl) {
}
