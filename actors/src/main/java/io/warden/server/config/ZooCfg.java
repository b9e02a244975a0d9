package io.warden.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a ZooKeeper {@code zoo.cfg} into a {@link ServerConfig}. Every key is either understood, known to ZooKeeper but
 * without effect here (reported as a warning), or refused with a message that names it: a typo must not silently leave a
 * default in force.
 */
public final class ZooCfg {
    /** Keys ZooKeeper accepts that Warden takes but does not act on; they are reported, not refused. */
    private static final Set<String> ACCEPTED_WITHOUT_EFFECT = Set.of(
            "admin.enableServer", "admin.serverPort", "admin.serverAddress", "admin.idleTimeout", "admin.commandURL",
            "preAllocSize", "metricsProvider.className", "metricsProvider.httpPort", "metricsProvider.exportJvmInfo",
            "skipACL", "electionAlg", "quorumListenOnAllIPs", "standaloneEnabled", "reconfigEnabled", "syncEnabled",
            "maxClientCnxnsPerHost", "audit.enable", "leaderServes", "cnxTimeout", "connectToLearnerMasterLimit",
            "localSessionsEnabled", "localSessionsUpgradingEnabled", "snapSizeLimitInKb", "txnLogSizeLimitInKb",
            "serverCnxnFactory", "secureClientPort", "secureClientPortAddress", "jute.maxbuffer.extrasize",
            "zookeeper.snapshot.compression.method", "digest.enabled", "znode.container.maxPerMinute",
            "sslQuorum", "peerType", "portUnification", "multiAddress.enabled", "clientPortListenBacklog",
            "maxCnxns", "globalOutstandingLimit.exact", "fsync.warningthresholdms", "zookeeper.fsync.warningthresholdms");

    private ZooCfg() {
    }

    public static ServerConfig load(Path file, Consumer<String> warnings) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(p, base, warnings);
    }

    public static ServerConfig parse(Properties p, Path baseDir, Consumer<String> warnings) {
        List<String> errors = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Keys reader = new Keys(p, used, errors);

        int tickTime = reader.positiveInt("tickTime", 2000);
        String dataDirText = reader.string("dataDir", null);
        Path dataDir = dataDirText == null ? baseDir.resolve("data") : baseDir.resolve(dataDirText.trim());
        String logDirText = reader.string("dataLogDir", null);
        Path dataLogDir = logDirText == null ? dataDir : baseDir.resolve(logDirText.trim());
        String address = reader.string("clientPortAddress", "127.0.0.1").trim();
        int clientPort = reader.intIn("clientPort", 2181, 0, 65535);
        int maxCnxns = reader.intIn("maxClientCnxns", 60, 0, Integer.MAX_VALUE);
        int minTimeout = reader.positiveInt("minSessionTimeout", 2 * tickTime);
        int maxTimeout = reader.positiveInt("maxSessionTimeout", 20 * tickTime);
        if (minTimeout > maxTimeout) {
            errors.add("minSessionTimeout (" + minTimeout + ") must not be larger than maxSessionTimeout (" + maxTimeout + ")");
        }
        Set<String> words = fourLetterWords(reader.string("4lw.commands.whitelist", "srvr"), errors);
        boolean extended = reader.bool("extendedTypesEnabled", reader.bool("zookeeper.extendedTypesEnabled", false));
        int maxBuffer = reader.intIn("jute.maxbuffer", 0xfffff, 1024, Integer.MAX_VALUE - 8);
        boolean forceSync = reader.yesNo("forceSync", true);
        int snapCount = reader.intIn("snapCount", 100_000, 2, Integer.MAX_VALUE);
        int retain = reader.intIn("autopurge.snapRetainCount", 3, 1, Integer.MAX_VALUE);
        if (retain < 3) {
            warnings.accept("autopurge.snapRetainCount=" + retain + " is below the minimum of 3; using 3");
            retain = 3;
        }
        int purgeInterval = reader.intIn("autopurge.purgeInterval", 0, 0, Integer.MAX_VALUE);
        long containerInterval = reader.intIn("znode.container.checkIntervalMs", 60_000, 1, Integer.MAX_VALUE);
        int outstanding = reader.intIn("globalOutstandingLimit", 1000, 1, Integer.MAX_VALUE);
        int initLimit = reader.intIn("initLimit", 10, 1, Integer.MAX_VALUE);
        int syncLimit = reader.intIn("syncLimit", 5, 1, Integer.MAX_VALUE);
        EnsembleConfig ensemble = EnsembleParser.parse(p, used, dataDir, initLimit, syncLimit, errors);
        RecipesConfig recipes = RecipesParser.parse(p, used, baseDir, errors);

        for (String key : p.stringPropertyNames()) {
            if (used.contains(key)) {
                continue;
            }
            if (ACCEPTED_WITHOUT_EFFECT.contains(key) || key.startsWith("ssl.") || key.startsWith("zookeeper.")) {
                warnings.accept("config key '" + key + "' is accepted for ZooKeeper compatibility but has no effect in Warden");
            } else if (key.startsWith("group.") || key.startsWith("weight.") || key.equals("dynamicConfigFile")) {
                errors.add("'" + key + "': hierarchical quorums and dynamic configuration files are not supported; "
                        + "list every server as server.N in this file");
            } else {
                errors.add("unknown config key '" + key + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", errors));
        }
        return new ServerConfig(tickTime, dataDir, dataLogDir, address, clientPort, maxCnxns, minTimeout, maxTimeout,
                words, extended, maxBuffer, forceSync, snapCount, retain, purgeInterval, containerInterval, outstanding, ensemble,
                recipes);
    }

    private static Set<String> fourLetterWords(String list, List<String> errors) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : list.split(",")) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("*")) {
                return ServerConfig.ALL_FOUR_LETTER_WORDS;
            }
            if (!ServerConfig.ALL_FOUR_LETTER_WORDS.contains(word)) {
                errors.add("4lw.commands.whitelist: unknown four-letter word '" + word + "'");
            }
            out.add(word);
        }
        return Set.copyOf(out);
    }

    /** Typed access to the properties that records which keys were read and every value that was wrong. */
    private record Keys(Properties p, Set<String> used, List<String> errors) {
        String string(String key, String dflt) {
            used.add(key);
            String v = p.getProperty(key);
            return v == null ? dflt : v;
        }

        int intIn(String key, int dflt, int min, int max) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    errors.add("'" + key + "' must be between " + min + " and " + max + ", got " + n);
                    return dflt;
                }
                return n;
            } catch (NumberFormatException e) {
                errors.add("'" + key + "' must be a whole number, got '" + v.trim() + "'");
                return dflt;
            }
        }

        int positiveInt(String key, int dflt) {
            return intIn(key, dflt, 1, Integer.MAX_VALUE);
        }

        boolean bool(String key, boolean dflt) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    errors.add("'" + key + "' must be true or false, got '" + v.trim() + "'");
                    yield dflt;
                }
            };
        }

        boolean yesNo(String key, boolean dflt) {
            String v = string(key, null);
            if (v == null) {
                return dflt;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "yes", "true" -> true;
                case "no", "false" -> false;
                default -> {
                    errors.add("'" + key + "' must be yes or no, got '" + v.trim() + "'");
                    yield dflt;
                }
            };
        }
    }
}
