package io.warden.server.state;

import io.warden.api.data.ACL;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One shared instance per distinct ACL list. Nearly every node of a tree carries one of a handful of ACLs, and each
 * create decodes its own copy (list, ACL, Id, two strings): 168 of the ~600 heap bytes a 100-byte znode cost.
 * ZooKeeper keeps a reference-counted ACL cache for the same reason. Weak, so lists no node uses any more go away.
 * Sharing is safe: the lists are immutable and compared by value everywhere.
 */
final class AclInterner {
    private final Map<List<ACL>, WeakReference<List<ACL>>> lists = new WeakHashMap<>();
    /**
     * The list handed out last: runs of nodes share their ACL (a snapshot's million nodes, one client's creates), and
     * comparing with it is a fraction of a weak-map lookup (hashing the list, purging the map's reference queue).
     * Strong, so one list outlives its last node until the next distinct list comes.
     */
    private List<ACL> last = List.of();

    List<ACL> intern(List<ACL> acl) {
        if (acl.equals(last)) {
            return last;
        }
        last = internShared(acl);
        return last;
    }

    private List<ACL> internShared(List<ACL> acl) {
        WeakReference<List<ACL>> ref = lists.get(acl);
        List<ACL> shared = ref == null ? null : ref.get();
        if (shared == null) {
            shared = List.copyOf(acl);
            lists.put(shared, new WeakReference<>(shared));
        }
        return shared;
    }
}
