package io.warden.server.zab;

/** What a server is doing, as it tells the others in every election notification. */
public enum ServerState {
    LOOKING, FOLLOWING, LEADING, OBSERVING
}
