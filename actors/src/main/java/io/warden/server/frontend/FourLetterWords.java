package io.warden.server.frontend;

import io.warden.api.data.Zxid;
import io.warden.server.config.ServerConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.statemachine.StateMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ZooKeeper's four-letter words on the client port: a connection whose first four bytes spell one gets a text answer
 * and is closed. The texts follow ZooKeeper's layout, which monitoring scripts parse.
 */
final class FourLetterWords {
    static final String VERSION = "3.9.5-warden-0.1.0, built for Warden";

    private FourLetterWords() {
    }

    static int code(String word) {
        byte[] b = word.getBytes(StandardCharsets.US_ASCII);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static boolean isCommand(int lengthField) {
        for (String w : ServerConfig.ALL_FOUR_LETTER_WORDS) {
            if (code(w) == lengthField) {
                return true;
            }
        }
        return false;
    }

    static String name(int lengthField) {
        return new String(new byte[] {(byte) (lengthField >>> 24), (byte) (lengthField >>> 16), (byte) (lengthField >>> 8),
                (byte) lengthField}, StandardCharsets.US_ASCII);
    }

    static String answer(String word, StateMachine.TreeStats s, ServerMetrics m, ServerConfig c) {
        return switch (word) {
            case "ruok" -> "imok";
            case "srvr" -> header() + serverStats(s, m) + RecipeLines.srvr(m.recipes);
            case "stat" -> header() + "Clients:\n" + clients(m, false) + "\n" + serverStats(s, m);
            case "cons" -> clients(m, true) + "\n";
            case "mntr" -> monitor(s, m, c);
            case "conf" -> conf(c, m.clientPort > 0 ? m.clientPort : c.clientPort());
            case "wchs" -> s.watchingSessions() + " connections watching " + s.watchedPaths() + " paths\nTotal watches:"
                    + s.watchCount() + "\n";
            case "wchc" -> byKey(s.watchesBySession(), k -> "0x" + Long.toHexString(k), v -> v);
            case "wchp" -> byKey(s.watchesByPath(), k -> k, v -> "0x" + Long.toHexString(v));
            case "dirs" -> "datadir_size: " + size(c.dataDir()) + "\nlogdir_size: " + size(c.dataLogDir()) + "\n";
            case "isro" -> "rw";
            case "crst" -> {
                m.resetLatency();
                yield "Connection stats reset.\n";
            }
            case "srst" -> {
                m.resetCounters();
                yield "Server stats reset.\n";
            }
            case "envi" -> "Environment:\nzookeeper.version=" + VERSION + "\njava.version=" + System.getProperty("java.version")
                    + "\njava.vendor=" + System.getProperty("java.vendor") + "\njava.home=" + System.getProperty("java.home")
                    + "\nos.name=" + System.getProperty("os.name") + "\nos.arch=" + System.getProperty("os.arch")
                    + "\nuser.dir=" + System.getProperty("user.dir") + "\n";
            default -> throw new IllegalArgumentException(word);
        };
    }

    private static String header() {
        return "Zookeeper version: " + VERSION + "\n";
    }

    private static String serverStats(StateMachine.TreeStats s, ServerMetrics m) {
        return "Latency min/avg/max: " + m.minLatency() + "/" + String.format("%.4f", m.avgLatency()) + "/" + m.maxLatency() + "\n"
                + "Received: " + m.packetsReceived.sum() + "\n"
                + "Sent: " + m.packetsSent.sum() + "\n"
                + "Connections: " + m.connectionCount() + "\n"
                + "Outstanding: " + outstanding(m) + "\n"
                + "Zxid: " + Zxid.toHex(s.lastZxid()) + "\n"
                + "Mode: " + m.mode + "\n"
                + "Node count: " + s.nodeCount() + "\n";
    }

    private static long outstanding(ServerMetrics m) {
        return m.connections().stream().mapToLong(i -> i.queued).sum();
    }

    private static String clients(ServerMetrics m, boolean detailed) {
        StringBuilder b = new StringBuilder();
        for (ServerMetrics.ConnectionInfo i : m.connections()) {
            b.append(' ').append(i.remote).append("[1](queued=").append(i.queued).append(",recved=").append(i.received.sum())
                    .append(",sent=").append(i.sent.sum());
            if (detailed && i.sessionId != 0) {
                b.append(",sid=0x").append(Long.toHexString(i.sessionId)).append(",est=").append(i.established)
                        .append(",to=").append(i.timeoutMs).append(",lzxid=0x").append(Long.toHexString(i.lastZxid));
            }
            b.append(")\n");
        }
        return b.toString();
    }

    private static String monitor(StateMachine.TreeStats s, ServerMetrics m, ServerConfig c) {
        StringBuilder b = new StringBuilder();
        line(b, "zk_version", VERSION);
        line(b, "zk_server_state", m.mode);
        line(b, "zk_avg_latency", String.format("%.4f", m.avgLatency()));
        line(b, "zk_max_latency", m.maxLatency());
        line(b, "zk_min_latency", m.minLatency());
        line(b, "zk_packets_received", m.packetsReceived.sum());
        line(b, "zk_packets_sent", m.packetsSent.sum());
        line(b, "zk_num_alive_connections", m.connectionCount());
        line(b, "zk_outstanding_requests", outstanding(m));
        line(b, "zk_znode_count", s.nodeCount());
        line(b, "zk_watch_count", s.watchCount());
        line(b, "zk_ephemerals_count", s.ephemeralCount());
        line(b, "zk_approximate_data_size", s.approximateDataSize());
        line(b, "zk_global_sessions", s.sessions().size());
        line(b, "zk_last_zxid", Zxid.toHex(s.lastZxid()));
        line(b, "zk_tree_digest", Long.toHexString(s.digest()));
        line(b, "zk_max_file_descriptor_count", -1);
        b.append(RecipeLines.mntr(m.recipes));
        return b.toString();
    }

    private static void line(StringBuilder b, String key, Object value) {
        b.append(key).append('\t').append(value).append('\n');
    }

    private static String conf(ServerConfig c, int clientPort) {
        return "clientPort=" + clientPort + "\n"
                + "secureClientPort=-1\n"
                + "dataDir=" + c.dataDir().toAbsolutePath() + "\n"
                + "dataDirSize=" + size(c.dataDir()) + "\n"
                + "dataLogDir=" + c.dataLogDir().toAbsolutePath() + "\n"
                + "dataLogSize=" + size(c.dataLogDir()) + "\n"
                + "tickTime=" + c.tickTime() + "\n"
                + "maxClientCnxns=" + c.maxClientCnxns() + "\n"
                + "minSessionTimeout=" + c.minSessionTimeout() + "\n"
                + "maxSessionTimeout=" + c.maxSessionTimeout() + "\n"
                + "clientPortListenBacklog=-1\n"
                + "serverId=0\n";
    }

    private static <K, V> String byKey(Map<K, List<V>> map, java.util.function.Function<K, String> key,
                                       java.util.function.Function<V, String> value) {
        StringBuilder b = new StringBuilder();
        map.forEach((k, vs) -> {
            b.append(key.apply(k)).append('\n');
            vs.forEach(v -> b.append('\t').append(value.apply(v)).append('\n'));
        });
        return b.toString();
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
