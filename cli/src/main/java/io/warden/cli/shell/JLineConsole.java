package io.warden.cli.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive terminal: line editing, history in a file, completion of commands and znode paths. */
final class JLineConsole implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;

    JLineConsole(Terminal terminal, Shell shell, Path historyFile) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .appName("warden")
                .terminal(terminal)
                .completer(new ZnodeCompleter(shell::children))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .build();
        // Watch events arrive on another thread; printing them above the prompt keeps the typed line intact.
        shell.setMessagePrinter(text -> reader.printAbove(text));
    }

    /** The process's own terminal, with history in {@code ~/.warden_history}. */
    static JLineConsole system(Shell shell) {
        try {
            Terminal t = TerminalBuilder.builder().system(true).dumb(true).build();
            return new JLineConsole(t, shell, Path.of(System.getProperty("user.home"), ".warden_history"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as in a shell; Ctrl-D (end of file) leaves.
                continue;
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    LineReader reader() {
        return reader;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException ignored) {
            // Losing history is not worth failing the exit for.
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // The process is leaving anyway.
        }
    }
}
