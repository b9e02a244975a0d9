package io.warden.server.e2e;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Warden server in a JVM of its own, so a test can kill it with SIGKILL. {@link #main} is the child's entry point;
 * the rest is the parent's handle on it.
 */
final class ServerProcess implements AutoCloseable {
    private static final String READY = "WARDEN_E2E_PORT=";

    /** Child: serve {@code args[0]} on port {@code args[1]} until killed. */
    public static void main(String[] args) throws Exception {
        WardenServer server = WardenServer.start(ServerConfig.standalone(Path.of(args[0]))
                .withClientPort(Integer.parseInt(args[1])));
        System.out.println(READY + server.clientPort());
        System.out.flush();
        // Serve until the parent kills this JVM (or closes stdin, so an orphan does not outlive the test run).
        while (System.in.read() >= 0) {
            // Nothing is ever sent on stdin.
        }
        server.close();
    }

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path dataDir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // The module flags and system properties Chronicle Queue needs, as Surefire gave them to this JVM.
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        // A small, quick-starting JVM: it lives for seconds.
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        cmd.add(cp);
        cmd.add(ServerProcess.class.getName());
        cmd.add(dataDir.toString());
        cmd.add("0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(READY)) {
                        port.complete(Integer.parseInt(line.substring(READY.length()).trim()));
                    } else if (!port.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                port.completeExceptionally(new IllegalStateException("the server process ended before serving:\n" + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "server-process-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return new ServerProcess(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hooks, no flushing, no goodbye to clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
