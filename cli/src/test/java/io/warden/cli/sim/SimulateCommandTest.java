package io.warden.cli.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.cli.Warden;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

    private record Run(int code, String out) {
    }

    private static Run warden(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Warden()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true)).execute(args);
        return new Run(code, out.toString());
    }

    @Test
    void aSoakOfSeveralSeedsPassesAndSaysSo() {
        Run r = warden("simulate", "--seeds", "3", "--from", "10");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("OK: 3 seeds (10..12), 3 voters"), r.out());
    }

    @Test
    void oneSeedWithTraceReplaysIdentically() {
        Run first = warden("simulate", "--seed", "5", "--voters", "5", "--trace");
        Run second = warden("simulate", "--seed", "5", "--voters", "5", "--trace");
        assertEquals(0, first.code(), first.out());
        assertEquals(first.out(), second.out());
        assertTrue(first.out().lines().count() > 1000, "the full trace is printed");
        assertTrue(first.out().contains("seed 5: ok;"), first.out());
    }

    @Test
    void aViolationExitsNonZeroWithTheSeedAndTheReplayCommand() {
        Run r = warden("simulate", "--seeds", "50", "--mutant", "APPLY_OUT_OF_ORDER");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("violated AGREEMENT"), r.out());
        assertTrue(r.out().matches("(?s).*FAILED at seed \\d+ after \\d+ passing seeds; replay: bin/warden simulate "
                + "--seed \\d+ --mutant APPLY_OUT_OF_ORDER --trace.*"), r.out());
    }
}
