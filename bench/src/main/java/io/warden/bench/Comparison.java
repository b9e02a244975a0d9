package io.warden.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One workload, two targets (a = Warden, b = ZooKeeper): medians over the rounds of throughput and of p99 latency,
 * and their ratios a/b. Throughput ratio above 1 and p99 ratio below 1 favour a.
 */
public record Comparison(Workload workload, String a, String b, int aRuns, int bRuns, double aOpsPerSec,
                         double bOpsPerSec, double aP99Us, double bP99Us, double aCpuUsPerOp, double bCpuUsPerOp,
                         long aErrors, long bErrors) {

    /** Server CPU per request, a over b: below 1 means a does the same work with less CPU. */
    public double cpuRatio() {
        return bCpuUsPerOp == 0 ? Double.NaN : aCpuUsPerOp / bCpuUsPerOp;
    }

    public double throughputRatio() {
        return bOpsPerSec == 0 ? Double.NaN : aOpsPerSec / bOpsPerSec;
    }

    public double p99Ratio() {
        return bP99Us == 0 ? Double.NaN : aP99Us / bP99Us;
    }

    /** One comparison per workload that both targets ran, in workload order. */
    public static List<Comparison> of(List<Result> results, String a, String b) {
        Map<Workload, List<Result>> byWorkload = new LinkedHashMap<>();
        for (Workload w : Workload.values()) {
            byWorkload.put(w, new ArrayList<>());
        }
        for (Result r : results) {
            byWorkload.get(r.workload()).add(r);
        }
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<Workload, List<Result>> e : byWorkload.entrySet()) {
            List<Result> ra = e.getValue().stream().filter(r -> r.target().equals(a)).toList();
            List<Result> rb = e.getValue().stream().filter(r -> r.target().equals(b)).toList();
            if (ra.isEmpty() || rb.isEmpty()) {
                continue;
            }
            out.add(new Comparison(e.getKey(), a, b, ra.size(), rb.size(),
                    median(ra.stream().mapToDouble(Result::opsPerSec).toArray()),
                    median(rb.stream().mapToDouble(Result::opsPerSec).toArray()),
                    median(ra.stream().mapToDouble(Result::p99Us).toArray()),
                    median(rb.stream().mapToDouble(Result::p99Us).toArray()),
                    median(ra.stream().mapToDouble(Result::serverCpuUsPerOp).toArray()),
                    median(rb.stream().mapToDouble(Result::serverCpuUsPerOp).toArray()),
                    ra.stream().mapToLong(Result::errors).sum(), rb.stream().mapToLong(Result::errors).sum()));
        }
        return out;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    public String toJson() {
        return new Json().field("workload", workload.label()).field("a", a).field("b", b)
                .field("aRuns", aRuns).field("bRuns", bRuns)
                .field("aOpsPerSecMedian", aOpsPerSec).field("bOpsPerSecMedian", bOpsPerSec)
                .field("throughputRatio", throughputRatio())
                .field("aP99UsMedian", aP99Us).field("bP99UsMedian", bP99Us).field("p99Ratio", p99Ratio())
                .field("aCpuUsPerOpMedian", aCpuUsPerOp).field("bCpuUsPerOpMedian", bCpuUsPerOp).field("cpuRatio", cpuRatio())
                .field("aErrors", aErrors).field("bErrors", bErrors).toString();
    }
}
