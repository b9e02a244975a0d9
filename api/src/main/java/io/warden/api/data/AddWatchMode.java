package io.warden.api.data;

/** Modes of addWatch, with ZooKeeper's numbers. */
public enum AddWatchMode {
    PERSISTENT(0),
    PERSISTENT_RECURSIVE(1);

    private final int mode;

    AddWatchMode(int mode) {
        this.mode = mode;
    }

    public int mode() {
        return mode;
    }

    public static AddWatchMode of(int mode) {
        return mode == 0 ? PERSISTENT : mode == 1 ? PERSISTENT_RECURSIVE : null;
    }
}
