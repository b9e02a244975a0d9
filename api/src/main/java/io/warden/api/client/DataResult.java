package io.warden.api.client;

import io.warden.api.data.Stat;

/** The answer to getData: the node's bytes (null when the node holds null) and its Stat. */
public record DataResult(byte[] data, Stat stat) {
}
