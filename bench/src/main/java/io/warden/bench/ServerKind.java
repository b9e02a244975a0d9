package io.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two servers we compare, and the child JVM command line that runs each on a zoo.cfg. */
public enum ServerKind {
    WARDEN("warden"),
    ZOOKEEPER("zookeeper");

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    List<String> command(LaunchOptions o, Path zooCfg) {
        return command(o, zooCfg, false);
    }

    /** @param quorum true for a member of an ensemble (ZooKeeper then runs QuorumPeerMain; Warden reads server.N lines itself) */
    List<String> command(LaunchOptions o, Path zooCfg, boolean quorum) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + o.heap());
        cmd.add("-Xms" + o.heap());
        switch (this) {
            case WARDEN -> {
                cmd.addAll(o.wardenJvmFlags());
                Path cli = o.wardenHome().resolve("cli").resolve("target");
                // As bin/warden starts it: with the build's class-data-sharing archive, when the build made one.
                Path cds = cli.resolve("warden.jsa");
                if (Files.isRegularFile(cds)) {
                    cmd.add("-XX:SharedArchiveFile=" + cds);
                }
                cmd.addAll(o.wardenJvmOpts());
                cmd.add("-cp");
                cmd.add(cli.resolve("warden-cli.jar") + java.io.File.pathSeparator + cli.resolve("lib") + "/*");
                cmd.add("io.warden.cli.Warden");
                cmd.add("server");
                cmd.add("--config");
                cmd.add(zooCfg.toString());
            }
            case ZOOKEEPER -> {
                // Also as system properties: ZooKeeper reads these keys from there, whatever zoo.cfg says.
                cmd.add("-Dzookeeper.forceSync=yes");
                cmd.add("-Dzookeeper.admin.enableServer=false");
                cmd.add("-Dzookeeper.4lw.commands.whitelist=*");
                cmd.addAll(o.zookeeperJvmOpts());
                cmd.add("-cp");
                cmd.add(o.zookeeperClasspath());
                cmd.add(quorum ? "org.apache.zookeeper.server.quorum.QuorumPeerMain" : "org.apache.zookeeper.server.ZooKeeperServerMain");
                cmd.add(zooCfg.toString());
            }
        }
        return cmd;
    }
}
