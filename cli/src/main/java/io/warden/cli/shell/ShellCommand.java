package io.warden.cli.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden cli [-server host:port] [-timeout ms] [command ...]}: with a command, runs it once and exits with
 * its status (0, 1 on failure, 127 for an unknown command); without one, an interactive zkCli-style shell.
 * In one-shot mode watch events are not printed and nothing but the command's own output is written, so that
 * scripts can use the output as it is.
 */
@Command(name = "cli", mixinStandardHelpOptions = true, modelTransformer = ShellCommand.StopAtCommand.class,
        description = "A zkCli-style shell for Warden (and any ZooKeeper-compatible server).")
public final class ShellCommand implements Callable<Integer> {
    @Option(names = "-server", paramLabel = "host:port", defaultValue = "127.0.0.1:2181",
            description = "Connect string: host:port[,host:port...][/chroot] (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "-timeout", paramLabel = "ms", defaultValue = "30000",
            description = "Session timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Parameters(paramLabel = "command", arity = "0..*",
            description = "A command to run once instead of starting the shell, e.g. ls -R /")
    List<String> command = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;
    private final Shell.Connector connector;
    private final Function<Shell, LineSource> console;

    public ShellCommand() {
        this(System.out, System.err, io.warden.api.client.WardenClient::connect, JLineConsole::system);
    }

    /** For tests and embedding: where output goes, how sessions are opened, and where interactive lines come from. */
    public ShellCommand(PrintStream out, PrintStream err, Shell.Connector connector, Function<Shell, LineSource> console) {
        this.out = out;
        this.err = err;
        this.connector = connector;
        this.console = console;
    }

    /** A command line ready to run this command on its own: {@code ShellCommand.commandLine().execute(args)}. */
    public static CommandLine commandLine() {
        return new CommandLine(new ShellCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public Integer call() {
        try (Shell shell = new Shell(connector, out, err, timeoutMs)) {
            if (!command.isEmpty()) {
                shell.setPrintWatches(false);
                if (!shell.connect(server)) {
                    return CliException.FAILED;
                }
                return shell.execute(command);
            }
            try (LineSource lines = console.apply(shell)) {
                out.println("Connecting to " + server);
                shell.connect(server);
                out.println("Welcome to Warden!");
                return Repl.run(shell, lines);
            }
        }
    }

    /**
     * Everything after the first word that is not one of this command's options belongs to the shell command,
     * options included ({@code cli ls -s /}), so picocli must stop parsing there. Applied to the spec itself, it
     * holds also when this command is a subcommand of the launcher.
     */
    public static final class StopAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            spec.parser().unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }
}
