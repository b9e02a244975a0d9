package io.warden.server.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Warden server in its own JVM, so a test can kill it with SIGKILL. Started with this JVM's module flags (those
 * the root pom passes Surefire) and class path; its output goes to a file next to its config.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code ServerMain zooCfg} and waits (bounded) until it reports that it serves. */
    public static ServerProcess start(Path zooCfg) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dchronicle.")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServerMain.class.getName());
        cmd.add(zooCfg.toString());
        Path output = zooCfg.resolveSibling("server-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(p, output, ready), "server-output-" + p.pid());
        drain.setDaemon(true);
        drain.start();
        try {
            return new ServerProcess(p, ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            String out = Files.exists(output) ? Files.readString(output) : "";
            throw new AssertionError("the server process did not start: "
                    + (e.getCause() == null ? e : e.getCause().getMessage()) + "\n" + out, e);
        }
    }

    /** Reads the child's output to the end (so it never blocks on a full pipe), watching for READY or FAILED. */
    private static void drain(Process p, Path output, CompletableFuture<Integer> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(output), true)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.println(line);
                if (line.startsWith("READY ")) {
                    ready.complete(Integer.parseInt(line.substring(6).trim()));
                } else if (line.startsWith("FAILED ")) {
                    ready.completeExceptionally(new IllegalStateException(line.substring(7)));
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the server process exited"));
    }

    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no seal, no flush of anything not already on its way to the disk. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server process did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
