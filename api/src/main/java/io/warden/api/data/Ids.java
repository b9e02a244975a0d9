package io.warden.api.data;

import java.util.List;

/** Well-known identities and ACLs, as ZooKeeper's {@code ZooDefs.Ids}. */
public final class Ids {
    public static final Id ANYONE_ID_UNSAFE = new Id("world", "anyone");
    public static final Id AUTH_IDS = new Id("auth", "");
    public static final List<ACL> OPEN_ACL_UNSAFE = List.of(new ACL(Perms.ALL, ANYONE_ID_UNSAFE));
    public static final List<ACL> CREATOR_ALL_ACL = List.of(new ACL(Perms.ALL, AUTH_IDS));
    public static final List<ACL> READ_ACL_UNSAFE = List.of(new ACL(Perms.READ, ANYONE_ID_UNSAFE));

    private Ids() {
    }
}
