package io.warden.server.state;

import io.warden.api.proto.WatcherEvent;

/**
 * A watch event for one session whose watch lives on this server. The caller sends these before the
 * response of the request that produced them, so a client sees the event before the new data.
 * The event's state is always SyncConnected; its zxid for the notification's ReplyHeader is the applied
 * txn's zxid (or -1 for events fired by setWatches, as ZooKeeper does).
 */
public record Notification(long sessionId, WatcherEvent event) {
}
