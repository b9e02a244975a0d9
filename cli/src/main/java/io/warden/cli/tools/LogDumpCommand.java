package io.warden.cli.tools;

import io.warden.api.jute.JuteException;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.persistence.DataDirLock;
import io.warden.persistence.log.LogCursor;
import io.warden.persistence.log.LogEntry;
import io.warden.persistence.log.LogOptions;
import io.warden.persistence.log.TxnLog;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden log dump}: every transaction in the log, one line each, as ZooKeeper's TxnLogToolkit prints them.
 * Opening the log checks every record and seals a segment a crash left open (what a server start would do), so the
 * tool takes the data directory's lock and refuses to run beside a live server.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print the transactions in the log, one per line: zxid, time, session, cxid, op and its body.")
public final class LogDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Where {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the server's zoo.cfg")
        Path config;

        @Option(names = "--data-log-dir", paramLabel = "DIR", description = "the server's dataLogDir")
        Path dataLogDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = "--from", paramLabel = "ZXID", description = "start at this zxid (hex with 0x, or decimal)")
    String from;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            long after = from == null ? 0 : Math.max(0, Texts.parseZxid(from) - 1);
            Path logDir;
            Optional<DataDirLock> lock;
            if (where.config != null) {
                ServerConfig cfg = DataDirs.load(where.config);
                logDir = DataDirs.existing(DataDirs.logDir(cfg.dataLogDir()), "transaction log directory");
                lock = Optional.of(DataDirs.lock(cfg.dataDir()));
            } else {
                logDir = DataDirs.existing(DataDirs.logDir(where.dataLogDir), "transaction log directory");
                lock = DataDirs.lockIfDataDir(where.dataLogDir);
            }
            try {
                long count = dump(logDir, after, out);
                out.println(count + " transaction(s)");
            } finally {
                if (lock.isPresent()) {
                    lock.get().close();
                }
            }
            out.flush();
            return 0;
        } catch (ToolException | IOException | RuntimeException e) {
            out.flush();
            spec.commandLine().getErr().println("warden log dump: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private static long dump(Path logDir, long after, PrintWriter out) throws IOException, ToolException {
        long count = 0;
        try (TxnLog log = TxnLog.open(logDir, LogOptions.defaults()); LogCursor cursor = log.readFrom(after)) {
            LogEntry e;
            while ((e = cursor.next()) != null) {
                Txn txn;
                try {
                    txn = TxnCodec.decode(e.payload());
                } catch (JuteException | IllegalArgumentException bad) {
                    throw new ToolException("the entry at zxid 0x" + Long.toHexString(e.zxid())
                            + " is not a transaction: " + bad.getMessage(), bad);
                }
                out.println(TxnFormat.line(txn));
                count++;
            }
        }
        return count;
    }
}
