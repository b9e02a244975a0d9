package io.warden.api.client;

import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;

/**
 * A watch notification or a change of connection state, as the ZooKeeper client reports it.
 * {@code zxid} is the zxid the server put in the notification's reply header, or -1 for events the
 * client makes itself (connection state changes, removed watches).
 */
public record WatchedEvent(EventType type, KeeperState state, String path, long zxid) {
    public static final long NO_ZXID = -1L;

    public WatchedEvent(EventType type, KeeperState state, String path) {
        this(type, state, path, NO_ZXID);
    }

    /** The text ZooKeeper 3.9's {@code WatchedEvent.toString()} gives, which zkCli prints. */
    @Override
    public String toString() {
        return "WatchedEvent state:" + state + " type:" + type + " path:" + path + " zxid: " + zxid;
    }
}
