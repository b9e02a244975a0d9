package io.warden.cli.tools;

import io.warden.persistence.DataDirLock;
import io.warden.server.config.ConfigException;
import io.warden.server.config.ServerConfig;
import io.warden.server.config.ZooCfg;
import io.warden.server.node.Recovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a tool finds the server's files: from a zoo.cfg (as the server does) or from directories given directly.
 * The subdirectories are the server's: {@code dataDir/snapshots} and {@code dataLogDir/log}.
 */
final class DataDirs {
    private DataDirs() {
    }

    static ServerConfig load(Path configFile) throws ToolException {
        if (!Files.isRegularFile(configFile)) {
            throw new ToolException("config file " + configFile + " does not exist");
        }
        try {
            return ZooCfg.load(configFile, warning -> { });
        } catch (ConfigException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    static Path snapshotDir(Path dataDir) {
        return Recovery.snapshotDir(ServerConfig.standalone(dataDir));
    }

    static Path logDir(Path dataLogDir) {
        return Recovery.logDir(ServerConfig.standalone(dataLogDir));
    }

    /** The directory must exist: a tool pointed at a wrong path must say so rather than report "nothing there". */
    static Path existing(Path dir, String what) throws ToolException {
        if (!Files.isDirectory(dir)) {
            throw new ToolException(what + " " + dir.toAbsolutePath() + " does not exist");
        }
        return dir;
    }

    /**
     * Locks a data directory as a server does, so a tool that may change files (opening the log seals its newest
     * segment) never runs beside a live server. Fails naming the server's pid when one holds it.
     */
    static DataDirLock lock(Path dataDir) throws ToolException {
        try {
            return DataDirLock.acquire(dataDir);
        } catch (IOException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    /** Locks {@code dir} only if a server ever used it as its data directory (it holds the lock file). */
    static Optional<DataDirLock> lockIfDataDir(Path dir) throws ToolException {
        return Files.exists(dir.resolve(DataDirLock.FILE)) ? Optional.of(lock(dir)) : Optional.empty();
    }
}
