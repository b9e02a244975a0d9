package io.warden.cli.shell;

import io.warden.api.client.WardenClient;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code cli} as a user would, capturing what it prints and its exit code. */
record CliRun(int exitCode, String out, String err) {

    /** One-shot mode: {@code cli -server <server> <command...>}. */
    static CliRun oneShot(String server, String... command) {
        List<String> args = new ArrayList<>(List.of("-server", server));
        args.addAll(List.of(command));
        return run(args, null);
    }

    /** Interactive mode, reading the given lines as typed input (prompts are printed before each). */
    static CliRun interactive(String server, String... lines) {
        return run(List.of("-server", server), String.join("\n", lines) + "\n");
    }

    private static CliRun run(List<String> args, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        ShellCommand command = new ShellCommand(o, e, WardenClient::connect, shell -> {
            if (input == null) {
                throw new AssertionError("one-shot mode must not open a console");
            }
            return LineSource.of(new BufferedReader(new StringReader(input)), o);
        });
        int code = new CommandLine(command).execute(args.toArray(String[]::new));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
