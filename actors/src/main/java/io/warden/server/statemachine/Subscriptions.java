package io.warden.server.statemachine;

import io.warden.api.data.EventType;
import io.warden.api.proto.OpCode;
import io.warden.recipe.TreeEvent;
import io.warden.server.state.Applied;
import io.warden.server.state.NodeView;
import io.warden.server.state.TreeChange;
import io.warden.server.state.ZkDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The state machine's subscribers to committed changes, each under its path. Owned by the state machine actor: what it
 * sends is read from the database right after the txn, so each event shows the node as of the event's zxid.
 */
final class Subscriptions {
    private record Subscriber(String path, int id, ActorRef<StateMachine.Published> ref) {
        void tell(TreeEvent event) {
            ref.tell(new StateMachine.Published(id, event));
        }
    }

    private final List<Subscriber> subscribers = new ArrayList<>();

    boolean isEmpty() {
        return subscribers.isEmpty();
    }

    boolean has(ActorRef<StateMachine.Published> ref) {
        return subscribers.stream().anyMatch(s -> s.ref().equals(ref));
    }

    void add(String path, int id, ActorRef<StateMachine.Published> ref, ZkDatabase db) {
        Subscriber s = new Subscriber(path, id, ref);
        subscribers.add(s);
        sendSnapshot(s, db);
    }

    void remove(ActorRef<StateMachine.Published> ref) {
        subscribers.removeIf(s -> s.ref().equals(ref));
    }

    void resend(ZkDatabase db) {
        subscribers.forEach(s -> sendSnapshot(s, db));
    }

    void publish(Applied a, ZkDatabase db) {
        for (TreeChange c : a.changes()) {
            TreeEvent event = null;
            for (Subscriber s : subscribers) {
                if (!under(c.path(), s.path())) {
                    continue;
                }
                if (event == null) {
                    event = event(c, a.zxid(), db);
                }
                s.tell(event);
            }
        }
        if (a.type() == OpCode.CLOSE_SESSION && a.err() == 0) {
            // Sessions the leader expires are closed with cxid 0; a client's own close carries its xid (never 0).
            boolean expired = a.cxid() == 0;
            for (Subscriber s : subscribers) {
                List<String> mine = a.closedEphemerals().stream().filter(p -> under(p, s.path())).toList();
                s.tell(new TreeEvent.SessionEnded(a.zxid(), a.sessionId(), expired, mine));
            }
        }
    }

    private static TreeEvent event(TreeChange c, long zxid, ZkDatabase db) {
        if (c.type() == EventType.NodeDeleted) {
            return new TreeEvent.Deleted(zxid, c.path());
        }
        TreeEvent.Node node = node(db.view(c.path()));
        return c.type() == EventType.NodeCreated ? new TreeEvent.Created(zxid, c.path(), node)
                : new TreeEvent.Changed(zxid, c.path(), node);
    }

    private static void sendSnapshot(Subscriber s, ZkDatabase db) {
        NavigableMap<String, TreeEvent.Node> nodes = new TreeMap<>();
        for (Map.Entry<String, NodeView> e : db.subtree(s.path()).entrySet()) {
            nodes.put(e.getKey(), node(e.getValue()));
        }
        s.tell(new TreeEvent.Snapshot(s.path(), db.lastZxid(), nodes));
    }

    private static TreeEvent.Node node(NodeView v) {
        return v == null ? null : new TreeEvent.Node(v.data(), v.stat());
    }

    static boolean under(String path, String root) {
        if (path.equals(root)) {
            return true;
        }
        return "/".equals(root) ? path.startsWith("/") : path.startsWith(root) && path.length() > root.length()
                && path.charAt(root.length()) == '/';
    }
}
