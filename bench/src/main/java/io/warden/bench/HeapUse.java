package io.warden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live heap of another JVM: {@code jcmd <pid> GC.class_histogram} runs a full GC first and then counts only
 * reachable objects, so its "Total" line is the heap the data really holds, free of garbage and of how far the
 * collector has got.
 */
final class HeapUse {
    private HeapUse() {
    }

    /** Bytes of live objects in the JVM with this pid (a full GC happens first); the histogram is kept in {@code saveTo}. */
    static long liveBytes(long pid, Path saveTo) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not finish within 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram exited with " + p.exitValue() + ": " + text);
        }
        java.nio.file.Files.writeString(saveTo, text);
        return totalBytes(text);
    }

    /**
     * As {@link #liveBytes}, once the figure has settled: taken again every {@code pause} until two in a row differ by
     * under 1 % (at most {@code tries} times), the last kept. Right after a burst of writes a server may still hold
     * transient state that is reachable but not the data's (a snapshot being written: Warden's image of the tree and
     * its output buffer); one histogram would count it as if every znode needed it.
     */
    static long settledLiveBytes(long pid, Path saveTo, Duration pause, int tries)
            throws IOException, InterruptedException {
        long previous = liveBytes(pid, saveTo);
        for (int i = 1; i < tries; i++) {
            Thread.sleep(pause.toMillis());
            long now = liveBytes(pid, saveTo);
            if (Math.abs(now - previous) < previous / 100) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** The bytes column of the histogram's {@code Total <instances> <bytes>} line. */
    static long totalBytes(String histogram) throws IOException {
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                try {
                    return Long.parseLong(f[2]);
                } catch (NumberFormatException e) {
                    throw new IOException("unreadable Total line in class histogram: " + line, e);
                }
            }
        }
        throw new IOException("no Total line in class histogram:\n" + histogram);
    }
}
