package io.warden.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** Where interactive lines come from: a JLine terminal, or plain text (piped input, tests). */
public interface LineSource extends AutoCloseable {
    /** Shows the prompt and returns the next line, or null at the end of input. */
    String readLine(String prompt);

    @Override
    default void close() {
    }

    /** Plain lines with the prompt printed before each, as zkCli does when JLine is unavailable. */
    static LineSource of(BufferedReader reader, PrintStream out) {
        return prompt -> {
            out.print(prompt);
            out.flush();
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
