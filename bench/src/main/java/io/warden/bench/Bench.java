package io.warden.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code load} against a running server, {@code side-by-side} Warden against Apache ZooKeeper. */
@Command(name = "warden-bench", mixinStandardHelpOptions = true, subcommands = {LoadCommand.class, SideBySide.class, Failover.class, Recovery.class},
        description = "Load generator on the official ZooKeeper client (async API).")
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
