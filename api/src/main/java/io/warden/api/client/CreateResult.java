package io.warden.api.client;

import io.warden.api.data.Stat;

/** The answer to create2: the path actually created (sequence suffix included, chroot removed) and its Stat. */
public record CreateResult(String path, Stat stat) {
}
