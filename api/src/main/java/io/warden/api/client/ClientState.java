package io.warden.api.client;

/** Connection states, named as ZooKeeper's {@code ZooKeeper.States} so that zkCli-style prompts read the same. */
public enum ClientState {
    CONNECTING,
    CONNECTED,
    CLOSED,
    AUTH_FAILED;

    /** As ZooKeeper's {@code States.isAlive()}: the client may still be (or become) usable. */
    public boolean isAlive() {
        return this == CONNECTING || this == CONNECTED;
    }
}
