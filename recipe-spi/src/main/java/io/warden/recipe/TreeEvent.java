package io.warden.recipe;

import io.warden.api.data.Stat;
import java.util.List;
import java.util.NavigableMap;

/** What a {@link TreeCommand.Subscribe}r is told, in zxid order. */
public sealed interface TreeEvent {
    long zxid();

    /** One node as it stood at the event's zxid. */
    record Node(byte[] data, Stat stat) {
    }

    /**
     * The subtree under the subscribed path as it stood at {@code zxid}, every node by its path (the subscribed node
     * itself included if it exists). Every later event has a higher zxid. A second snapshot (the server's state was
     * replaced by its leader's) replaces everything the subscriber knew.
     */
    record Snapshot(String path, long zxid, NavigableMap<String, Node> nodes) implements TreeEvent {
    }

    /** {@code node} is the node as the txn left it; null if the same txn (a multi) deleted it again. */
    record Created(long zxid, String path, Node node) implements TreeEvent {
    }

    /** {@code node} is the node as the txn left it; null if the same txn (a multi) deleted it afterwards. */
    record Changed(long zxid, String path, Node node) implements TreeEvent {
    }

    record Deleted(long zxid, String path) implements TreeEvent {
    }

    /**
     * A session was closed by its client or expired ({@code expired}) at {@code zxid}; {@code ephemerals} are its nodes
     * under the subscribed path, whose {@link Deleted} events come before this one in the same zxid.
     */
    record SessionEnded(long zxid, long sessionId, boolean expired, List<String> ephemerals) implements TreeEvent {
    }
}
