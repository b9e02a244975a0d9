package io.warden.recipe;

import io.warden.api.data.Stat;
import io.warden.api.proto.Code;
import java.util.List;

/** The answer to a {@link TreeCommand.Read}; {@code zxid} is the last zxid applied when it was served. */
public sealed interface ReadResult {
    TreeCommand.Read request();

    long zxid();

    record NodeData(TreeCommand.Read request, byte[] data, Stat stat, long zxid) implements ReadResult {
    }

    record Children(TreeCommand.Read request, List<String> children, Stat stat, long zxid) implements ReadResult {
    }

    /** {@code stat} is null when the node does not exist. */
    record NodeStat(TreeCommand.Read request, Stat stat, long zxid) implements ReadResult {
    }

    /** The error a client would get: {@link Code#NONODE}, {@link Code#NOAUTH}, {@link Code#BADARGUMENTS}, ... */
    record Failed(TreeCommand.Read request, Code code, long zxid) implements ReadResult {
    }
}
