package io.warden.recipe;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import java.util.List;

/** One operation of a {@link TreeCommand.Multi}. */
public sealed interface Op {
    String path();

    record Create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) implements Op {
        public Create(String path, byte[] data, List<ACL> acl, CreateMode mode) {
            this(path, data, acl, mode, -1);
        }
    }

    record SetData(String path, byte[] data, int version) implements Op {
    }

    record Delete(String path, int version) implements Op {
    }

    /** Fails the multi unless the node exists at this version (-1: any). */
    record Check(String path, int version) implements Op {
    }
}
