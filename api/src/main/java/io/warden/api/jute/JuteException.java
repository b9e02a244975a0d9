package io.warden.api.jute;

/** Input that does not decode as the expected jute record: truncated, negative lengths, bad UTF-8. */
public final class JuteException extends RuntimeException {
    public JuteException(String message) {
        super(message);
    }
}
