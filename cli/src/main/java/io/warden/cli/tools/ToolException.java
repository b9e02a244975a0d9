package io.warden.cli.tools;

/** A storage tool cannot do what it was asked; the message is what the user sees. */
final class ToolException extends Exception {
    ToolException(String message) {
        super(message);
    }

    ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
