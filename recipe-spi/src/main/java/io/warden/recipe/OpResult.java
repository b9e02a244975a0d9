package io.warden.recipe;

import io.warden.api.data.Stat;
import io.warden.api.proto.Code;

/** The outcome of one operation of a multi, in the order of its ops. */
public sealed interface OpResult {

    /** {@code path} is the node's name as created (with its sequence suffix). */
    record Created(String path, Stat stat) implements OpResult {
    }

    record DataSet(Stat stat) implements OpResult {
    }

    record Deleted() implements OpResult {
    }

    record Checked() implements OpResult {
    }

    /**
     * In a failed multi, as ZooKeeper reports it: the failing op has its code, the ops before it {@link Code#OK} and
     * the ops after it {@link Code#RUNTIMEINCONSISTENCY}.
     */
    record Error(Code code) implements OpResult {
    }
}
