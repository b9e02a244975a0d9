package io.warden.cli.shell;

import java.util.List;

/**
 * One shell command: its name, the syntax the usage list shows (zkCli's wording), extra option help that zkCli
 * appends to the usage message of a few commands, whether it needs a live session, and what it does.
 */
record CommandDef(String name, String syntax, String optionHelp, boolean needsSession, Body body) {

    @FunctionalInterface
    interface Body {
        /** {@code words} starts with the command name. */
        void run(List<String> words, Shell shell) throws CliException;
    }

    /** The message of a usage error, as zkCli's {@code getUsageStr()}. */
    String usage() {
        return name + " " + syntax + optionHelp;
    }

    CliException usageError() {
        return new CliException(usage());
    }
}
