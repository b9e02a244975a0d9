package io.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Formatting and arithmetic of the reports; no load, no servers. */
class ReportTest {
    private static final LoadSpec SPEC = new LoadSpec(Workload.GET_DATA, 4, 2, 100, 10, 3, Duration.ofSeconds(1),
            Duration.ofSeconds(2), 0);

    private static Result result(String target, int round, double opsPerSec, long p99Us, Workload w) {
        return result(target, round, opsPerSec, p99Us, w, 10.0);
    }

    private static Result result(String target, int round, double opsPerSec, long p99Us, Workload w, double cpuUs) {
        return new Result(target, round, SPEC.with(w), Math.round(opsPerSec * 2), 0, 2.0, 100, 200, p99Us, p99Us, p99Us,
                150.0, cpuUs, "n/a");
    }

    @Test
    void resultTakesPercentilesFromTheHistogram() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i);
        }
        Result r = Result.of("warden", 1, SPEC, h, 3, 2.0, 12.5, "n/a");
        assertEquals(1000, r.ops());
        assertEquals(500.0, r.opsPerSec(), 1e-9);
        assertEquals(500, r.p50Us(), 1);
        assertEquals(990, r.p99Us(), 1);
        assertEquals(1000, r.maxUs(), 1);
        assertEquals(3, r.errors());
        assertEquals(12.5, r.serverCpuUsPerOp(), 1e-9);
    }

    @Test
    void comparisonUsesMediansPerTargetAndWorkload() {
        List<Result> results = List.of(
                result("warden", 1, 100, 1000, Workload.GET_DATA, 30),
                result("zookeeper", 1, 200, 4000, Workload.GET_DATA, 40),
                result("warden", 2, 300, 3000, Workload.GET_DATA, 10),
                result("zookeeper", 2, 400, 2000, Workload.GET_DATA, 80),
                result("warden", 3, 200, 2000, Workload.GET_DATA, 20),
                result("zookeeper", 3, 600, 8000, Workload.GET_DATA, 60),
                result("warden", 1, 50, 500, Workload.SET_DATA)); // no zookeeper run: no comparison
        List<Comparison> cs = Comparison.of(results, "warden", "zookeeper");
        assertEquals(1, cs.size());
        Comparison c = cs.get(0);
        assertEquals(Workload.GET_DATA, c.workload());
        assertEquals(200, c.aOpsPerSec(), 1e-9);
        assertEquals(400, c.bOpsPerSec(), 1e-9);
        assertEquals(0.5, c.throughputRatio(), 1e-9);
        assertEquals(2000, c.aP99Us(), 1e-9);
        assertEquals(4000, c.bP99Us(), 1e-9);
        assertEquals(0.5, c.p99Ratio(), 1e-9);
        assertEquals(20, c.aCpuUsPerOp(), 1e-9);
        assertEquals(60, c.bCpuUsPerOp(), 1e-9);
        assertEquals(1.0 / 3, c.cpuRatio(), 1e-9);
        assertEquals(2.5, Comparison.median(new double[] {4, 1, 3, 2}), 1e-9);
    }

    @Test
    void markdownHasOneRowPerWorkloadWithRatios() {
        List<Comparison> cs = Comparison.of(List.of(
                result("warden", 1, 12_345, 1500, Workload.GET_DATA, 15),
                result("zookeeper", 1, 10_000, 3000, Workload.GET_DATA, 60)), "warden", "zookeeper");
        String md = Report.markdown(cs);
        assertTrue(md.startsWith("| workload | warden ops/s | zookeeper ops/s | ratio |"), md);
        assertTrue(md.contains("| getData | 12,345 | 10,000 | 1.23 | 1.50 | 3.00 | 0.50 | 15.0 | 60.0 | 0.25 |"), md);
        String text = Report.comparisons(cs);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("getData") && l.contains("1.23") && l.contains("0.50")), text);
    }

    @Test
    void jsonEscapesAndFormatsNumbers() {
        String json = new Json().field("s", "a\"b\\c\nd").field("n", 3).field("x", 0.5).field("nan", Double.NaN).toString();
        assertEquals("{\"s\": \"a\\\"b\\\\c\\nd\", \"n\": 3, \"x\": 0.500, \"nan\": null}", json);
        String r = result("warden", 2, 10, 7, Workload.MULTI).toJson();
        assertTrue(r.contains("\"workload\": \"multi\"") && r.contains("\"round\": 2") && r.contains("\"p99Us\": 7"), r);
    }

    @Test
    void workloadsParseByLabelOrName() {
        assertEquals(Workload.GET_CHILDREN, Workload.parse("getChildren"));
        assertEquals(Workload.GET_CHILDREN, Workload.parse("get-children"));
        assertEquals(Workload.SET_DATA, Workload.parse("SET_DATA"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("delete"));
    }
}
