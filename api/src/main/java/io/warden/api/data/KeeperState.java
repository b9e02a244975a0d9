package io.warden.api.data;

/** Connection states carried in watch events, with ZooKeeper's numbers. */
public enum KeeperState {
    Disconnected(0),
    SyncConnected(3),
    AuthFailed(4),
    ConnectedReadOnly(5),
    SaslAuthenticated(6),
    Expired(-112),
    Closed(7);

    private final int value;

    KeeperState(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static KeeperState of(int value) {
        for (KeeperState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}
