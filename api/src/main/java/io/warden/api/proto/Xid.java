package io.warden.api.proto;

/** Reserved xids of server-initiated and special packets, as the ZooKeeper client expects them. */
public final class Xid {
    public static final int NOTIFICATION = -1;
    public static final int PING = -2;
    public static final int AUTH = -4;
    public static final int SET_WATCHES = -8;

    private Xid() {
    }
}
