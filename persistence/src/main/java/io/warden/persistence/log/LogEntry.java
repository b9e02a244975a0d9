package io.warden.persistence.log;

/** One record of the transaction log: the zxid that orders it and the bytes the caller stored under it. */
public record LogEntry(long zxid, byte[] payload) {
}
