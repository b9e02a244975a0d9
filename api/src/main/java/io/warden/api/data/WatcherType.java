package io.warden.api.data;

/** Watch kinds named by checkWatches/removeWatches, with ZooKeeper's numbers. */
public enum WatcherType {
    Children(1),
    Data(2),
    Persistent(4),
    PersistentRecursive(5),
    Any(3);

    private final int value;

    WatcherType(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static WatcherType of(int value) {
        for (WatcherType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
