package io.warden.server.durability;

import ch.qos.logback.classic.Level;
import io.warden.server.WardenServer;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a child JVM of {@link ServerProcess} runs: {@code bin/warden server --config FILE} without the CLI module
 * (which depends on this one). Prints {@code READY <port>} once the server serves, then runs until killed.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ServerConfig cfg = ZooCfg.load(Path.of(args[0]), w -> { });
        WardenServer server;
        try {
            server = WardenServer.start(cfg);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        System.out.println("READY " + server.clientPort());
        System.out.flush();
        server.whenTerminated().join();
    }
}
