package io.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child JVM, on 127.0.0.1, its output in {@code dir/server.log}. Ready when it answers the
 * {@code srvr} four-letter word; stopped with SIGTERM, then SIGKILL if it lingers.
 */
public final class ServerProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path dir;
    private final int clientPort;
    private final long launchedNanos;
    private long readyMillis;

    private ServerProcess(String name, List<String> command, Process process, Path dir, int clientPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.dir = dir;
        this.clientPort = clientPort;
        this.launchedNanos = System.nanoTime();
    }

    /** Starts the command in {@code dir} and waits until the server on {@code clientPort} answers srvr. */
    public static ServerProcess start(String name, List<String> command, Path dir, int clientPort, Duration readyTimeout)
            throws IOException, InterruptedException {
        ServerProcess s = launch(name, command, dir, clientPort);
        try {
            s.awaitReady(readyTimeout, false);
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Starts the command in {@code dir} without waiting: members of an ensemble only serve once a quorum is up, so
     * all of them are launched before any is awaited. Output is appended to {@code dir/server.log}, so a restarted
     * server's log follows its predecessor's.
     */
    public static ServerProcess launch(String name, List<String> command, Path dir, int clientPort) throws IOException {
        Path log = dir.resolve("server.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ServerProcess(name, command, p, dir, clientPort);
    }

    /** The same command on the same directory and port (after {@link #kill()}), not awaited. */
    public ServerProcess relaunch() throws IOException {
        return launch(name, command, dir, clientPort);
    }

    /**
     * Waits until it answers srvr; with {@code serving}, until its mode is leader, follower or standalone (a member
     * of an ensemble answers srvr while it is still looking for a quorum).
     */
    public void awaitReady(Duration timeout, boolean serving) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it was ready; see "
                        + dir.resolve("server.log") + ":\n" + tail(dir.resolve("server.log"), 20));
            }
            String mode = mode();
            if (mode != null && (!serving || mode.equals("leader") || mode.equals("follower") || mode.equals("standalone"))) {
                readyMillis = (System.nanoTime() - launchedNanos) / 1_000_000;
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " did not answer srvr" + (serving ? " as leader or follower" : "") + " on " + HOST
                + ":" + clientPort + " within " + timeout.toSeconds() + " s (mode " + mode() + "); see "
                + dir.resolve("server.log"));
    }

    /** The "Mode:" srvr reports (leader, follower, looking, standalone, ...), or null when it does not answer one. */
    public String mode() {
        String answer = fourLetterWord("srvr", Duration.ofSeconds(2));
        if (answer == null) {
            return null;
        }
        for (String line : answer.split("\n")) {
            if (line.startsWith("Mode:")) {
                return line.substring("Mode:".length()).trim();
            }
        }
        return null;
    }

    /** The "Zxid:" srvr reports, or -1 when it does not answer one. */
    public long zxid() {
        String answer = fourLetterWord("srvr", Duration.ofSeconds(2));
        if (answer == null) {
            return -1;
        }
        for (String line : answer.split("\n")) {
            if (line.startsWith("Zxid:")) {
                String v = line.substring("Zxid:".length()).trim();
                try {
                    return Long.decode(v);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits (bounded) until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The server's answer to a four-letter word, or null when it cannot be reached. */
    public String fourLetterWord(String word, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, clientPort), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    public String name() {
        return name;
    }

    /** From process start to the answer to srvr that {@link #awaitReady} waited for. */
    public long readyMillis() {
        return readyMillis;
    }

    public long pid() {
        return process.pid();
    }

    public int clientPort() {
        return clientPort;
    }

    public String address() {
        return HOST + ":" + clientPort;
    }

    public Path dir() {
        return dir;
    }

    /** CPU time the server process has used so far (user + system), or -1 where the OS does not say. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A port free on 127.0.0.1 right now (the OS picks it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
