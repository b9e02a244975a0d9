package io.warden.api.proto;

/** Encodes and decodes multi requests and responses exactly as ZooKeeper does. */
public final class MultiCodec {
    private MultiCodec() {
    }
}
