package io.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** What the build filtered into bench.properties: the Warden JVM flags of the root pom and the checkout's path. */
final class BenchProperties {
    private final Properties p = new Properties();

    BenchProperties() {
        try (InputStream in = BenchProperties.class.getResourceAsStream("/bench.properties")) {
            if (in == null) {
                throw new IllegalStateException("bench.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> wardenJvmFlags() {
        return splitFlags(p.getProperty("warden.jvm.flags", ""));
    }

    Path wardenHome() {
        return Path.of(p.getProperty("warden.home", ".")).toAbsolutePath().normalize();
    }

    String zookeeperVersion() {
        return p.getProperty("zookeeper.version", "?");
    }

    static List<String> splitFlags(String flags) {
        String t = flags == null ? "" : flags.trim();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
