package io.warden.cli.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden log}: tools for the transaction log. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Inspect the transaction log.",
        subcommands = LogDumpCommand.class)
public final class LogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
