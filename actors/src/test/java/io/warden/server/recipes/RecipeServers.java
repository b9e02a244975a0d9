package io.warden.server.recipes;

import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import java.nio.file.Path;
import java.util.Properties;

/** Standalone servers started from zoo.cfg lines, as an operator would configure recipes. */
final class RecipeServers {
    private RecipeServers() {
    }

    /** {@code lines} are zoo.cfg lines; dataDir, clientPort (free) and clientPortAddress are added. */
    static ServerConfig config(Path dir, String... lines) {
        Properties p = new Properties();
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("clientPort", "0");
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("4lw.commands.whitelist", "*");
        for (String line : lines) {
            int eq = line.indexOf('=');
            p.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        return ZooCfg.parse(p, dir, w -> { });
    }

    static WardenServer start(Path dir, String... lines) {
        return WardenServer.start(config(dir, lines));
    }
}
