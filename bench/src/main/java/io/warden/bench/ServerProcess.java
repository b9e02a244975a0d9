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
    private final Process process;
    private final Path dir;
    private final int clientPort;
    private long readyMillis;

    private ServerProcess(String name, Process process, Path dir, int clientPort) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.clientPort = clientPort;
    }

    /** Starts the command in {@code dir} and waits until the server on {@code clientPort} answers srvr. */
    public static ServerProcess start(String name, List<String> command, Path dir, int clientPort, Duration readyTimeout)
            throws IOException, InterruptedException {
        Path log = dir.resolve("server.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ServerProcess s = new ServerProcess(name, p, dir, clientPort);
        long t0 = System.nanoTime();
        try {
            s.awaitReady(readyTimeout);
            s.readyMillis = (System.nanoTime() - t0) / 1_000_000;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it was ready; see "
                        + dir.resolve("server.log") + ":\n" + tail(dir.resolve("server.log"), 20));
            }
            String answer = fourLetterWord("srvr", Duration.ofSeconds(2));
            if (answer != null && answer.contains("Mode:")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " did not answer srvr on " + HOST + ":" + clientPort + " within "
                + timeout.toSeconds() + " s; see " + dir.resolve("server.log"));
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

    /** From process start to the first answer to srvr. */
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
