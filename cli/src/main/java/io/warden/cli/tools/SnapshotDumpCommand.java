package io.warden.cli.tools;

import io.warden.api.data.Id;
import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.proto.GetACLRequest;
import io.warden.api.proto.GetACLResponse;
import io.warden.api.proto.GetChildren2Request;
import io.warden.api.proto.GetChildren2Response;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.OpCode;
import io.warden.persistence.snapshot.Snapshot;
import io.warden.persistence.snapshot.SnapshotCorruptedException;
import io.warden.persistence.snapshot.SnapshotFile;
import io.warden.persistence.snapshot.SnapshotStore;
import io.warden.server.config.ServerConfig;
import io.warden.server.state.Served;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden snapshot dump}: the newest valid snapshot (or one named file), as ZooKeeper's SnapshotFormatter
 * prints one: its zxid, the sessions with their timeouts, and every znode in pre-order with its Stat. Only reads
 * files, so it is safe beside a running server.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print a snapshot: zxid, sessions with timeouts, and every znode with its Stat.")
public final class SnapshotDumpCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("snapshot\\.([0-9a-f]{1,16})");
    private static final List<Id> SUPER = List.of(new Id("super", ""));

    @Spec
    CommandSpec spec;

    static final class Where {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "the server's zoo.cfg")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "the server's dataDir")
        Path dataDir;

        @Option(names = "--file", paramLabel = "FILE", description = "a snapshot file (snapshot.<zxid>)")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            boolean extended = false;
            Snapshot snapshot;
            if (where.file != null) {
                snapshot = SnapshotStore.load(named(where.file));
            } else {
                Path dataDir = where.dataDir;
                if (where.config != null) {
                    ServerConfig cfg = DataDirs.load(where.config);
                    dataDir = cfg.dataDir();
                    extended = cfg.extendedTypesEnabled();
                }
                snapshot = newestValid(DataDirs.existing(DataDirs.snapshotDir(dataDir), "snapshot directory"),
                        spec.commandLine().getErr());
            }
            ZkDatabase db;
            try {
                db = ZkDatabase.readSnapshot(new JuteInput(snapshot.content()), new StateOptions(extended));
            } catch (JuteException e) {
                throw new ToolException("snapshot " + snapshot.file() + " passes its checksum but its content is not"
                        + " a Warden state: " + e.getMessage(), e);
            }
            print(snapshot, db, out);
            out.flush();
            return 0;
        } catch (ToolException | IOException | RuntimeException e) {
            out.flush();
            spec.commandLine().getErr().println("warden snapshot dump: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private static SnapshotFile named(Path file) throws ToolException {
        if (!Files.isRegularFile(file)) {
            throw new ToolException("snapshot file " + file + " does not exist");
        }
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new ToolException(file + " is not named as a snapshot (snapshot.<zxid in hex>)");
        }
        return new SnapshotFile(Long.parseUnsignedLong(m.group(1), 16), file);
    }

    /** Lists without a {@link SnapshotStore}, whose constructor tidies temp files a live server may be writing. */
    private static Snapshot newestValid(Path dir, PrintWriter err) throws IOException, ToolException {
        List<SnapshotFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    files.add(new SnapshotFile(Long.parseUnsignedLong(m.group(1), 16), p));
                }
            }
        }
        if (files.isEmpty()) {
            throw new ToolException("no snapshot in " + dir);
        }
        files.sort(Comparator.comparingLong(SnapshotFile::zxid).reversed());
        List<String> skipped = new ArrayList<>();
        for (SnapshotFile f : files) {
            try {
                Snapshot s = SnapshotStore.load(f);
                skipped.forEach(err::println);
                return s;
            } catch (SnapshotCorruptedException e) {
                skipped.add("skipping " + e.getMessage());
            }
        }
        throw new ToolException("none of the " + files.size() + " snapshots in " + dir + " is valid: "
                + String.join("; ", skipped));
    }

    private static void print(Snapshot snapshot, ZkDatabase db, PrintWriter out) throws ToolException {
        out.println("Snapshot " + snapshot.file());
        out.println("zxid " + Texts.hex(snapshot.zxid()) + " digest " + Texts.hex(db.digest()));
        Map<Long, Integer> sessions = db.sessions();
        out.println("Sessions (" + sessions.size() + "):");
        sessions.forEach((id, timeout) -> out.println("  " + Texts.hex(id) + " timeout " + timeout + " ms"));
        List<String> lines = new ArrayList<>();
        walk(db, "/", lines);
        out.println("Znodes (" + lines.size() + "):");
        lines.forEach(out::println);
    }

    /** Pre-order, children sorted, read as the super user so ACLs hide nothing. */
    private static void walk(ZkDatabase db, String path, List<String> lines) throws ToolException {
        GetDataResponse data = (GetDataResponse) read(db, OpCode.GET_DATA, new GetDataRequest(path, false), path);
        GetACLResponse acl = (GetACLResponse) read(db, OpCode.GET_ACL, new GetACLRequest(path), path);
        lines.add(path + " " + Texts.stat(data.stat()) + " acl=" + Texts.acl(acl.acl()));
        GetChildren2Response children = (GetChildren2Response) read(db, OpCode.GET_CHILDREN2,
                new GetChildren2Request(path, false), path);
        List<String> names = new ArrayList<>(children.children());
        names.sort(null);
        for (String name : names) {
            walk(db, path.equals("/") ? "/" + name : path + "/" + name, lines);
        }
    }

    private static Object read(ZkDatabase db, int op, Object request, String path) throws ToolException {
        Served s = db.read(0, SUPER, op, request);
        if (s.err() != 0) {
            throw new ToolException("reading " + path + " from the snapshot failed with error " + s.err());
        }
        return s.response();
    }
}
