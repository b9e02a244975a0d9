package io.warden.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How server JVMs are started. Both kinds get the same heap (-Xms = -Xmx) so neither wins on memory.
 *
 * @param heap               e.g. "1g"
 * @param wardenHome         the checkout whose cli/target/warden-cli.jar and cli/target/lib/* run Warden
 * @param wardenJvmFlags     the root pom's warden.jvm.flags (Chronicle Queue's --add-opens and opt-outs)
 * @param wardenJvmOpts      extra options for Warden's JVM (e.g. a JFR recording)
 * @param zookeeperClasspath classpath with the ZooKeeper server and its dependencies (this module's)
 * @param zookeeperJvmOpts   extra options for ZooKeeper's JVM
 * @param snapCount          zoo.cfg snapCount of both (ZooKeeper's default 100000)
 * @param readyTimeout       how long a server may take to answer srvr
 */
public record LaunchOptions(String heap, Path wardenHome, List<String> wardenJvmFlags, List<String> wardenJvmOpts,
                            String zookeeperClasspath, List<String> zookeeperJvmOpts, int snapCount,
                            Duration readyTimeout) {
}
