package io.warden.server.e2e;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;

/** A watcher that queues what it sees: node events and connection-state events apart. */
final class Events implements Watcher {
    final BlockingQueue<WatchedEvent> nodeEvents = new LinkedBlockingQueue<>();
    final BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();

    @Override
    public void process(WatchedEvent event) {
        if (event.getType() == EventType.None) {
            states.add(event.getState());
        } else {
            nodeEvents.add(event);
        }
    }

    WatchedEvent next() throws InterruptedException {
        return Bounded.take(nodeEvents, "a watch event");
    }

    /** Waits for the given connection state, skipping others. */
    void awaitState(KeeperState wanted) throws InterruptedException {
        while (true) {
            KeeperState s = Bounded.take(states, "connection state " + wanted);
            if (s == wanted) {
                return;
            }
        }
    }
}
