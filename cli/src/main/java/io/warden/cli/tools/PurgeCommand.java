package io.warden.cli.tools;

import io.warden.persistence.DataDirLock;
import io.warden.persistence.Purger;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden purge}: ZooKeeper's PurgeTxnLog. Keeps the newest COUNT valid snapshots and the log entries needed to
 * recover from the oldest of them; deletes older snapshots and log files. Takes the data directory's lock, so it
 * never runs beside a live server (which purges by itself when autopurge.purgeInterval is set).
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete old snapshots and transaction log files, keeping the newest COUNT snapshots (at least "
                + Purger.MIN_RETAIN + ") and the log needed to recover from them.")
public final class PurgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Dirs {
        @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "the server's dataDir")
        Path dataDir;

        @Option(names = "--data-log-dir", paramLabel = "DIR", description = "the server's dataLogDir (default: dataDir)")
        Path dataLogDir;
    }

    static final class Where {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the server's zoo.cfg")
        Path config;

        @ArgGroup(exclusive = false)
        Dirs dirs;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = {"-n", "--count"}, paramLabel = "COUNT", defaultValue = "" + Purger.MIN_RETAIN,
            description = "snapshots to keep (at least " + Purger.MIN_RETAIN + "; default ${DEFAULT-VALUE})")
    int count;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (count < Purger.MIN_RETAIN) {
                throw new ToolException("COUNT must be at least " + Purger.MIN_RETAIN + ", was " + count);
            }
            Path dataDir;
            Path dataLogDir;
            if (where.config != null) {
                ServerConfig cfg = DataDirs.load(where.config);
                dataDir = cfg.dataDir();
                dataLogDir = cfg.dataLogDir();
            } else {
                dataDir = where.dirs.dataDir;
                dataLogDir = where.dirs.dataLogDir == null ? dataDir : where.dirs.dataLogDir;
            }
            Path snapDir = DataDirs.existing(DataDirs.snapshotDir(dataDir), "snapshot directory");
            Path logDir = DataDirs.existing(DataDirs.logDir(dataLogDir), "transaction log directory");
            try (DataDirLock lock = DataDirs.lock(dataDir)) {
                purge(snapDir, logDir, out);
            }
            out.flush();
            return 0;
        } catch (ToolException | IOException | RuntimeException e) {
            out.flush();
            spec.commandLine().getErr().println("warden purge: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private void purge(Path snapDir, Path logDir, PrintWriter out) throws IOException {
        SnapshotStore snapshots = new SnapshotStore(snapDir);
        List<Path> snapsBefore = snapshots.list().stream().map(SnapshotFile::path).toList();
        List<Path> logBefore = logFiles(logDir);
        Purger.Result result;
        try (TxnLog log = TxnLog.open(logDir, LogOptions.defaults())) {
            result = new Purger(snapshots, log, count).purge();
        }
        List<Path> snapsAfter = snapshots.list().stream().map(SnapshotFile::path).toList();
        List<Path> logAfter = logFiles(logDir);
        for (Path p : snapsBefore) {
            if (!snapsAfter.contains(p)) {
                out.println("deleted snapshot " + p);
            }
        }
        for (Path p : logBefore) {
            if (!logAfter.contains(p)) {
                out.println("deleted log file " + p);
            }
        }
        if (result.logPurgedBefore() == 0) {
            out.println("no valid snapshot: nothing purged");
        } else {
            out.println("kept " + Math.min(snapsAfter.size(), count) + " snapshot(s) and the log after zxid "
                    + Texts.hex(result.logPurgedBefore()) + "; deleted " + result.snapshotsDeleted()
                    + " snapshot(s) and " + (logBefore.size() - logAfter.stream().filter(logBefore::contains).count())
                    + " log file(s)");
        }
    }

    /** Chronicle cycle files of every segment: what purging the log deletes. */
    private static List<Path> logFiles(Path logDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(logDir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().forEach(out::add);
        }
        return out;
    }
}
