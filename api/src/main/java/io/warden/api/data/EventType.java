package io.warden.api.data;

/** Watch event types with ZooKeeper's numbers. */
public enum EventType {
    None(-1),
    NodeCreated(1),
    NodeDeleted(2),
    NodeDataChanged(3),
    NodeChildrenChanged(4),
    DataWatchRemoved(5),
    ChildWatchRemoved(6),
    PersistentWatchRemoved(7);

    private final int value;

    EventType(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    public static EventType of(int value) {
        for (EventType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
