package io.warden.recipe;

import io.warden.api.data.Stat;
import io.warden.api.proto.Code;
import java.util.List;

/**
 * The answer to a {@link TreeCommand.Write}. Every result but {@link Refused} comes after the write was applied at
 * {@code zxid} (a failed write still takes a zxid, as in ZooKeeper); {@link Refused} means it was never ordered.
 */
public sealed interface WriteResult {
    TreeCommand.Write request();

    /** {@code path} is the node's name as created (with its sequence suffix). */
    record Created(TreeCommand.Write request, String path, Stat stat, long zxid) implements WriteResult {
    }

    record DataSet(TreeCommand.Write request, Stat stat, long zxid) implements WriteResult {
    }

    record Deleted(TreeCommand.Write request, long zxid) implements WriteResult {
    }

    record MultiDone(TreeCommand.Write request, List<OpResult> results, long zxid) implements WriteResult {
    }

    /**
     * The error a client would get ({@link Code#NODEEXISTS}, {@link Code#BADVERSION}, {@link Code#NONODE},
     * {@link Code#NOAUTH}, ...). For a multi, {@code code} is the failing op's and {@code results} hold every op's
     * outcome; otherwise {@code results} is empty.
     */
    record Failed(TreeCommand.Write request, Code code, List<OpResult> results, long zxid) implements WriteResult {
    }

    /** Not ordered at all: nothing changed. */
    record Refused(TreeCommand.Write request, Reason reason, String message) implements WriteResult {
        public enum Reason {
            /** A path of the write is not under the instance's root. */
            OUTSIDE_ROOT,
            /** The instance has more writes unanswered than its limit ({@code recipe.NAME.maxWritesInFlight}). */
            TOO_MANY_IN_FLIGHT,
            /** The ensemble has moved on to a later epoch than the instance's: it is about to be stopped. */
            FENCED,
            /** The server cannot take writes now (its log failed); the write may be tried again later. */
            NOT_SERVING
        }
    }
}
