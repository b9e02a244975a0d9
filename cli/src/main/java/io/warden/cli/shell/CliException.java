package io.warden.cli.shell;

import io.warden.api.client.WardenClientException;
import io.warden.api.proto.Code;

/** A command that failed: the message zkCli would print on stderr, and the exit code of a one-shot run. */
final class CliException extends Exception {
    static final int FAILED = 1;
    static final int NOT_FOUND = 127;

    private final int exitCode;

    CliException(String message) {
        this(message, FAILED);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A failure whose text the command has already printed. */
    static CliException reported() {
        return new CliException(null, FAILED);
    }

    int exitCode() {
        return exitCode;
    }

    /** The wording of zkCli's CliWrapperException for an error answered by the server. */
    static CliException of(WardenClientException e) {
        String path = e.path();
        Code code = e.code();
        String text = switch (code) {
            case NONODE -> "Node does not exist: " + path;
            case NOCHILDRENFOREPHEMERALS -> "Ephemerals cannot have children: " + path;
            case NODEEXISTS -> "Node already exists: " + path;
            case NOTEMPTY -> "Node not empty: " + path;
            case NOTREADONLY -> "Not a read-only call: " + path;
            case INVALIDACL -> "Acl is not valid : " + path;
            case NOAUTH -> "Insufficient permission : " + path;
            case BADARGUMENTS -> "Arguments are not valid : " + path;
            case BADVERSION -> "version No is not valid : " + path;
            case RECONFIGINPROGRESS -> "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)";
            case NEWCONFIGNOQUORUM -> "No quorum of new config is connected and up-to-date with the leader of last "
                    + "commmitted config - try invoking reconfiguration after new servers are connected and synced";
            case QUOTAEXCEEDED -> "Quota has exceeded : " + path;
            default -> e.getMessage();
        };
        CliException out = new CliException(text);
        out.initCause(e);
        return out;
    }
}
