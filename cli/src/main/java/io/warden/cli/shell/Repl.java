package io.warden.cli.shell;

/** The interactive loop: prompt, read, run, until quit or end of input. */
final class Repl {
    private Repl() {
    }

    /** Returns the exit code of the last command, which zkCli exits with. */
    static int run(Shell shell, LineSource lines) {
        while (!shell.quitRequested()) {
            String line = lines.readLine(shell.prompt());
            if (line == null) {
                break;
            }
            shell.executeLine(line);
        }
        return shell.lastExitCode();
    }
}
