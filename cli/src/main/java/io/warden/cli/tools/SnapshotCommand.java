package io.warden.cli.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden snapshot}: tools for snapshots. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Inspect snapshots.",
        subcommands = SnapshotDumpCommand.class)
public final class SnapshotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
