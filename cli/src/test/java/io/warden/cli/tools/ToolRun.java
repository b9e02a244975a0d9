package io.warden.cli.tools;

import io.warden.cli.Warden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code warden <args>} in this JVM as a user would, capturing what it prints and its exit code. */
record ToolRun(int exitCode, String out, String err) {

    static ToolRun warden(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Warden())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new ToolRun(code, out.toString(), err.toString());
    }

    List<String> lines() {
        return Arrays.stream(out.split("\\R")).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
