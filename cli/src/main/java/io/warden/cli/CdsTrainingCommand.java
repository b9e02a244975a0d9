package io.warden.cli;

import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.persistence.FileSync;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.testkit.WardenEnsemble;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * The class-loading training run behind the launcher's class-data-sharing archive. The build runs it once under
 * {@code -XX:ArchiveClassesAtExit}; every later start maps the classes it loaded from the archive instead of reading,
 * verifying and linking them from the jars again. On this 2-core machine that took an empty server's start from ~2.3 s
 * to ~1.3 s, and it is the part of a restart ZooKeeper (whose start loads far fewer classes) did not pay.
 *
 * <p>So it does what servers do: a standalone server that serves every kind of request, snapshots, stops and recovers
 * from its data; then a replicated ensemble (cluster transport, election, broadcast). Its servers listen on
 * 127.0.0.1 only and keep their data in a temp folder, removed at the end. A failure here costs only part of the
 * archive, never the build: it is reported and the run ends normally.
 */
@Command(name = "cds-training", hidden = true,
        description = "Exercise a standalone server and an ensemble so that a class-data-sharing archive can be written.")
public final class CdsTrainingCommand implements Callable<Integer> {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("warden-cds-training");
        try {
            exercise(dir);
        } catch (Exception e) {
            System.err.println("warden cds-training: stopped early, the archive covers less: " + e);
        } finally {
            FileSync.deleteRecursively(dir);
        }
        return 0;
    }

    /** The training itself, its servers' data under {@code dir} (left there). */
    static void exercise(Path dir) throws Exception {
        standalone(dir.resolve("standalone"));
        ensemble(dir.resolve("ensemble"));
    }

    private static void standalone(Path data) throws Exception {
        // A snapshot every 100 writes: the second start then loads one and replays the log after it.
        ServerConfig cfg = ServerConfig.standalone(data).withClientPort(0).withSnapCount(100)
                .withFourLetterWords(ServerConfig.ALL_FOUR_LETTER_WORDS);
        try (WardenServer server = WardenServer.start(cfg)) {
            requests(server.connectString(), "/standalone");
            fourLetterWord(server.clientPort(), "srvr");
            fourLetterWord(server.clientPort(), "mntr");
        }
        try (WardenServer again = WardenServer.start(cfg);
             WardenClient client = WardenClient.connect(again.connectString(), 10_000, event -> { })) {
            get(client.getData("/standalone/n0", false));
        }
    }

    private static void ensemble(Path root) throws Exception {
        try (WardenEnsemble e = WardenEnsemble.builder().voters(3).dataDir(root).start()) {
            e.awaitLeader(WITHIN);
            requests(e.connectString(), "/ensemble");
            e.awaitConverged(WITHIN);
        }
    }

    /** Every kind of request a client sends, with watches firing and a session closed at the end. */
    private static void requests(String connectString, String root) throws Exception {
        try (WardenClient c = WardenClient.connect(connectString, 10_000, event -> { })) {
            byte[] data = new byte[100];
            get(c.create(root, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            CompletableFuture<?>[] writes = new CompletableFuture<?>[300];
            for (int i = 0; i < writes.length; i++) {
                writes[i] = c.create(root + "/n" + i, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            CompletableFuture.allOf(writes).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            for (int i = 0; i < writes.length; i++) {
                writes[i] = c.setData(root + "/n" + i, data, -1);
            }
            CompletableFuture.allOf(writes).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            get(c.exists(root + "/n0", true));
            get(c.getData(root + "/n1", true));
            get(c.getChildren(root, true));
            get(c.getChildren2(root, false));
            get(c.create(root + "/e-", data, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL));
            get(c.setData(root + "/n0", data, -1));
            get(c.setACL(root + "/n1", Ids.OPEN_ACL_UNSAFE, -1));
            get(c.sync(root));
            get(c.delete(root + "/n2", -1));
            get(c.getAllChildrenNumber(root));
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    private static void fourLetterWord(int port, String word) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WITHIN.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            in.readAllBytes();
        }
    }
}
