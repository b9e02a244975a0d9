package io.warden.bench;

import java.util.List;
import java.util.Locale;

/** Human-readable tables of results and comparisons (plain text and Markdown). */
public final class Report {
    private Report() {
    }

    static final String RESULT_HEADER = String.format(Locale.ROOT, "%-10s %-12s %5s %12s %9s %9s %9s %9s %9s %7s %10s  %s",
            "target", "workload", "round", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors",
            "cpu us/op", "check");

    public static String resultRow(Result r) {
        return String.format(Locale.ROOT, "%-10s %-12s %5d %12s %9s %9s %9s %9s %9s %7d %10s  %s", r.target(),
                r.workload().label(), r.round(), ops(r.opsPerSec()), ms(r.p50Us()), ms(r.p90Us()), ms(r.p99Us()),
                ms(r.p999Us()), ms(r.maxUs()), r.errors(), cpu(r.serverCpuUsPerOp()), r.verified());
    }

    public static String results(List<Result> results) {
        StringBuilder b = new StringBuilder(RESULT_HEADER).append('\n');
        for (Result r : results) {
            b.append(resultRow(r)).append('\n');
        }
        return b.toString();
    }

    public static String comparisons(List<Comparison> cs) {
        if (cs.isEmpty()) {
            return "(no workload ran on both targets)\n";
        }
        Comparison first = cs.get(0);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %14s %14s %8s %12s %12s %8s %14s %14s %8s%n",
                "workload", first.a() + " ops/s", first.b() + " ops/s", "ratio", first.a() + " p99",
                first.b() + " p99", "ratio", first.a() + " cpu/op", first.b() + " cpu/op", "ratio"));
        for (Comparison c : cs) {
            b.append(String.format(Locale.ROOT, "%-12s %14s %14s %8s %12s %12s %8s %14s %14s %8s%s%n", c.workload().label(),
                    ops(c.aOpsPerSec()), ops(c.bOpsPerSec()), ratio(c.throughputRatio()), ms(c.aP99Us()) + " ms",
                    ms(c.bP99Us()) + " ms", ratio(c.p99Ratio()), cpu(c.aCpuUsPerOp()) + " us",
                    cpu(c.bCpuUsPerOp()) + " us", ratio(c.cpuRatio()), errorsNote(c)));
        }
        return b.toString();
    }

    public static String markdown(List<Comparison> cs) {
        if (cs.isEmpty()) {
            return "";
        }
        Comparison first = cs.get(0);
        StringBuilder b = new StringBuilder()
                .append("| workload | ").append(first.a()).append(" ops/s | ").append(first.b()).append(" ops/s | ratio | ")
                .append(first.a()).append(" p99 ms | ").append(first.b()).append(" p99 ms | p99 ratio | ")
                .append(first.a()).append(" CPU µs/op | ").append(first.b()).append(" CPU µs/op | CPU ratio |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : cs) {
            b.append("| ").append(c.workload().label()).append(errorsNote(c)).append(" | ").append(ops(c.aOpsPerSec()))
                    .append(" | ").append(ops(c.bOpsPerSec())).append(" | ").append(ratio(c.throughputRatio()))
                    .append(" | ").append(ms(c.aP99Us())).append(" | ").append(ms(c.bP99Us())).append(" | ")
                    .append(ratio(c.p99Ratio())).append(" | ").append(cpu(c.aCpuUsPerOp())).append(" | ")
                    .append(cpu(c.bCpuUsPerOp())).append(" | ").append(ratio(c.cpuRatio())).append(" |\n");
        }
        return b.toString();
    }

    private static String errorsNote(Comparison c) {
        return c.aErrors() + c.bErrors() == 0 ? ""
                : String.format(Locale.ROOT, " (errors: %s %d, %s %d)", c.a(), c.aErrors(), c.b(), c.bErrors());
    }

    static String ops(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ms(double us) {
        return String.format(Locale.ROOT, us < 10_000 ? "%.2f" : "%.1f", us / 1000.0);
    }

    static String cpu(double us) {
        return Double.isFinite(us) ? String.format(Locale.ROOT, "%.1f", us) : "n/a";
    }

    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "n/a";
    }
}
