package io.warden.persistence.log;

import java.io.IOException;

/**
 * A write or sync of the log failed (I/O error, full disk). What was appended since the last good sync may or may
 * not be on the device, so the log accepts nothing more; reopening it recovers to what is really there.
 */
public final class LogFailedException extends IOException {
    public LogFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
