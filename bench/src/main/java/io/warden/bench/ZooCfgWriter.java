package io.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The zoo.cfg both servers get: identical text, so Warden and ZooKeeper run on the same settings. Durable
 * (forceSync=yes), bound to 127.0.0.1, four-letter words on, no admin HTTP server.
 */
final class ZooCfgWriter {
    private ZooCfgWriter() {
    }

    /**
     * The sample timing (tickTime=2000, initLimit=10, syncLimit=5).
     *
     * @param peers empty for a standalone server; for an ensemble, the {@code server.N=host:quorum:election}
     *              lines every member shares, with {@code myid} written into dataDir by the caller
     */
    static Path write(Path dir, int clientPort, int snapCount, List<String> peers) throws IOException {
        return write(dir, clientPort, snapCount, peers, Timing.ZOOKEEPER_SAMPLE);
    }

    /** Quorum timing: tickTime (ms), and initLimit / syncLimit in ticks. */
    record Timing(int tickTime, int initLimit, int syncLimit) {
        /** ZooKeeper's conf/zoo_sample.cfg. */
        static final Timing ZOOKEEPER_SAMPLE = new Timing(2000, 10, 5);
        /** Warden's config/ensemble-3. */
        static final Timing WARDEN_ENSEMBLE_3 = new Timing(200, 25, 5);

        @Override
        public String toString() {
            return "tickTime=" + tickTime + " initLimit=" + initLimit + " syncLimit=" + syncLimit;
        }
    }

    static Path write(Path dir, int clientPort, int snapCount, List<String> peers, Timing timing) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder cfg = new StringBuilder()
                .append("tickTime=").append(timing.tickTime()).append('\n')
                .append("initLimit=").append(timing.initLimit()).append('\n')
                .append("syncLimit=").append(timing.syncLimit()).append('\n')
                .append("dataDir=").append(data.toAbsolutePath()).append('\n')
                .append("clientPort=").append(clientPort).append('\n')
                .append("clientPortAddress=").append(ServerProcess.HOST).append('\n')
                .append("maxClientCnxns=1000\n")
                .append("4lw.commands.whitelist=*\n")
                .append("admin.enableServer=false\n")
                .append("forceSync=yes\n")
                .append("snapCount=").append(snapCount).append('\n');
        for (String peer : peers) {
            cfg.append(peer).append('\n');
        }
        Path file = dir.resolve("zoo.cfg");
        Files.writeString(file, cfg);
        return file;
    }
}
