package io.warden.cli;

import io.warden.cli.shell.ShellCommand;
import io.warden.cli.tools.LogCommand;
import io.warden.cli.tools.PurgeCommand;
import io.warden.cli.tools.SnapshotCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/warden}: one entry point for the server, the shell and the storage tools. */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "Warden 0.1.0",
        description = "A ZooKeeper-compatible coordination service.",
        subcommands = {ServerCommand.class, ShellCommand.class, LogCommand.class, SnapshotCommand.class, PurgeCommand.class,
            SimulateCommand.class, CdsTrainingCommand.class})
public final class Warden implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Warden()).execute(args));
    }
}
