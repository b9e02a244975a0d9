package io.warden.cli;

import io.warden.server.WardenServer;
import io.warden.server.config.ConfigException;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a server in the foreground until Ctrl-C (or SIGTERM), then stops it cleanly. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Warden server in the foreground. Without --config: standalone on 127.0.0.1:2181, data in ./data.")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "a ZooKeeper zoo.cfg")
    Path config;

    @Override
    public Integer call() {
        ServerConfig cfg;
        try {
            cfg = config == null
                    ? ServerConfig.standalone(Path.of("data"))
                    : ZooCfg.load(config, LOG::warn);
        } catch (ConfigException e) {
            System.err.println("warden: " + e.getMessage());
            return 2;
        }
        WardenServer server;
        try {
            server = WardenServer.start(cfg);
        } catch (RuntimeException e) {
            System.err.println("warden: " + e.getMessage());
            LOG.debug("start failed", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "warden-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.whenTerminated().join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: wait for it to finish closing storage.
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
        // The server stopped on its own: something failed.
        server.close();
        return 1;
    }
}
