package io.warden.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a load run is pointed at: one or more server processes and the connect string that reaches them. Today a
 * standalone server; a 3-node ensemble is the same thing with three processes (peers in each zoo.cfg, a myid file
 * per dataDir) and a connect string naming all three, so the load generator and the side-by-side runner need no
 * change for it.
 */
public final class Target implements AutoCloseable {
    private final String name;
    private final List<ServerProcess> servers;
    private final String settings;
    private final Path dir;
    private final boolean keepFiles;

    private Target(String name, List<ServerProcess> servers, Path dir, boolean keepFiles, String settings) {
        this.name = name;
        this.servers = new ArrayList<>(servers);
        this.settings = settings;
        this.dir = dir;
        this.keepFiles = keepFiles;
    }

    /** Starts a standalone server of this kind in a fresh directory under {@code baseDir}. */
    public static Target standalone(ServerKind kind, Path baseDir, LaunchOptions o, boolean keepFiles)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(baseDir.resolve(kind.label()));
        int port = ServerProcess.freePort();
        Path cfg = ZooCfgWriter.write(dir, port, o.snapCount(), List.of());
        ServerProcess p = ServerProcess.start(kind.label(), kind.command(o, cfg), dir, port, o.readyTimeout());
        return new Target(kind.label(), List.of(p), dir, keepFiles, "standalone, " + ZooCfgWriter.Timing.ZOOKEEPER_SAMPLE);
    }

    /**
     * Starts an ensemble of {@code size} servers of this kind on 127.0.0.1 (free client, quorum and election ports;
     * the same {@code server.N} lines in every zoo.cfg; {@code myid} N in server N's dataDir; the same heap) and waits
     * until every member reports leader or follower.
     */
    public static Target ensemble(ServerKind kind, int size, ZooCfgWriter.Timing timing, Path baseDir, LaunchOptions o,
                                  boolean keepFiles) throws IOException, InterruptedException {
        if (size < 1 || size > 9) {
            throw new IllegalArgumentException("ensemble size must be 1..9");
        }
        Path dir = Files.createDirectories(baseDir.resolve(kind.label() + "-ensemble"));
        int[] clientPorts = new int[size];
        List<String> peers = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            clientPorts[n - 1] = ServerProcess.freePort();
            peers.add("server." + n + "=" + ServerProcess.HOST + ":" + ServerProcess.freePort() + ":" + ServerProcess.freePort());
        }
        List<ServerProcess> started = new ArrayList<>();
        try {
            for (int n = 1; n <= size; n++) {
                Path member = Files.createDirectories(dir.resolve(String.valueOf(n)));
                Path cfg = ZooCfgWriter.write(member, clientPorts[n - 1], o.snapCount(), peers, timing);
                Files.writeString(member.resolve("data").resolve("myid"), n + "\n");
                started.add(ServerProcess.launch(kind.label() + "-" + n, kind.command(o, cfg, true), member, clientPorts[n - 1]));
            }
            for (ServerProcess s : started) {
                s.awaitReady(o.readyTimeout(), true);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ServerProcess s : started) {
                s.close();
            }
            throw e;
        }
        return new Target(kind.label(), started, dir, keepFiles, size + " servers, " + timing);
    }

    /** How its servers were configured, for the report. */
    public String settings() {
        return settings;
    }

    /** Puts a relaunched server in the place of the one it replaces (same port, same directory). */
    public void replace(int index, ServerProcess s) {
        servers.set(index, s);
    }

    public String name() {
        return name;
    }

    public List<ServerProcess> servers() {
        return List.copyOf(servers);
    }

    public String connectString() {
        return servers.stream().map(ServerProcess::address).collect(Collectors.joining(","));
    }

    /** CPU time all its servers have used so far, or -1 when unknown. */
    public long cpuNanos() {
        long sum = 0;
        for (ServerProcess s : servers) {
            long n = s.cpuNanos();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    /** Throws if a server died (a crash must not pass for a slow run). */
    public void checkAlive() throws IOException {
        for (ServerProcess s : servers) {
            if (!s.isAlive()) {
                throw new IOException(s.name() + " (" + s.address() + ") is no longer running; see "
                        + s.dir().resolve("server.log") + ":\n" + ServerProcess.tail(s.dir().resolve("server.log"), 20));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ServerProcess> reversed = new ArrayList<>(servers);
        java.util.Collections.reverse(reversed);
        for (ServerProcess s : reversed) {
            s.close();
        }
        if (!keepFiles) {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
