package io.warden.server.state;

import io.warden.api.data.Stat;

/** One node as a client would read it: its data and its Stat. */
public record NodeView(byte[] data, Stat stat) {
}
