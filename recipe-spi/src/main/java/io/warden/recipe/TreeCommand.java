package io.warden.recipe;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an instance asks of the tree (see {@link RecipeContext#tree()}). Reads are served from the committed tree of the
 * server the instance runs on; writes go the way a client's write goes — ordered by the leader, logged on a majority,
 * applied — and are answered after they are applied, with the results and error codes a client gets. Like a client
 * session's, an instance's requests are answered in the order they were sent, and a read sent after a write sees it.
 */
public sealed interface TreeCommand {

    /** A read; answered with a {@link ReadResult}. */
    sealed interface Read extends TreeCommand {
        String path();

        ActorRef<ReadResult> replyTo();
    }

    /** A write; answered with a {@link WriteResult}. */
    sealed interface Write extends TreeCommand {
        ActorRef<WriteResult> replyTo();
    }

    /** The node's data and Stat: {@link ReadResult.NodeData}. */
    record GetData(String path, ActorRef<ReadResult> replyTo) implements Read {
    }

    /** The node's children's names (unordered, as ZooKeeper's) and its Stat: {@link ReadResult.Children}. */
    record GetChildren(String path, ActorRef<ReadResult> replyTo) implements Read {
    }

    /** The node's Stat, or none: {@link ReadResult.NodeStat}. */
    record Exists(String path, ActorRef<ReadResult> replyTo) implements Read {
    }

    /** {@code ttl} is used by the TTL modes only (else -1). Sequential modes get ZooKeeper's 10-digit suffix. */
    record Create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl, ActorRef<WriteResult> replyTo)
            implements Write {
        public Create(String path, byte[] data, List<ACL> acl, CreateMode mode, ActorRef<WriteResult> replyTo) {
            this(path, data, acl, mode, -1, replyTo);
        }
    }

    /** {@code version} -1 matches any version. */
    record SetData(String path, byte[] data, int version, ActorRef<WriteResult> replyTo) implements Write {
    }

    /** {@code version} -1 matches any version. */
    record Delete(String path, int version, ActorRef<WriteResult> replyTo) implements Write {
    }

    /** All or nothing, as ZooKeeper's multi. */
    record Multi(List<Op> ops, ActorRef<WriteResult> replyTo) implements Write {
    }

    /**
     * Committed changes under {@code path} (the node itself and every descendant). The subscriber first gets a
     * {@link TreeEvent.Snapshot} of the subtree and the zxid it was read at, then every change after that zxid in zxid
     * order with none skipped, and every session's end.
     */
    record Subscribe(String path, ActorRef<TreeEvent> subscriber) implements TreeCommand {
    }
}
