package io.warden.cli.shell;

import io.warden.api.client.AclResult;
import io.warden.api.client.ChildrenResult;
import io.warden.api.client.DataResult;
import io.warden.api.client.WardenClient;
import io.warden.api.client.WardenClientException;
import io.warden.api.path.PathValidation;
import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.api.data.Stat;
import io.warden.api.proto.Code;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The commands that read and write znodes, with zkCli's options, output and messages. */
final class NodeCommands {
    private static final long SYNC_TIMEOUT_MS = 30_000;

    private NodeCommands() {
    }

    private static CliException usage(String name) {
        return Commands.find(name).usageError();
    }

    static void ls(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "?swR");
        if (a.count() < 2) {
            throw usage("ls");
        }
        String path = a.arg(1);
        boolean watch = a.has('w');
        WardenClient c = sh.client();
        if (a.has('R')) {
            visitDepthFirst(sh, path, watch, sh.out()::println);
        } else if (a.has('s')) {
            ChildrenResult r = sh.await(c.getChildren2(path, watch));
            printChildren(sh.out(), r.children());
            Formats.printStat(sh.out(), r.stat());
        } else {
            printChildren(sh.out(), sh.await(c.getChildren(path, watch)));
        }
    }

    private static void printChildren(PrintStream out, List<String> children) {
        List<String> sorted = new ArrayList<>(children);
        Collections.sort(sorted);
        out.append("[").append(String.join(", ", sorted)).append("]\n");
    }

    /**
     * zkCli's subtree walk (ZKUtil.visitSubTreeDFS): the root (which must exist), then for each node all its
     * children's paths in order before descending into them. A node deleted meanwhile is skipped.
     */
    static void visitDepthFirst(Shell sh, String root, boolean watch, Consumer<String> visit) throws CliException {
        sh.await(sh.client().getData(root, watch));
        visit.accept(root);
        visitChildren(sh, root, watch, visit);
    }

    private static void visitChildren(Shell sh, String path, boolean watch, Consumer<String> visit) throws CliException {
        List<String> children;
        try {
            children = new ArrayList<>(sh.client().getChildren(path, watch).join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof WardenClientException w && w.code() == Code.NONODE) {
                return;
            }
            throw e.getCause() instanceof WardenClientException w ? CliException.of(w)
                    : new CliException(String.valueOf(e.getCause()));
        }
        Collections.sort(children);
        String prefix = path.equals("/") ? "/" : path + "/";
        for (String child : children) {
            visit.accept(prefix + child);
        }
        for (String child : children) {
            visitChildren(sh, prefix + child, watch, visit);
        }
    }

    static void create(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "esct:");
        if (a.count() < 2) {
            throw usage("create");
        }
        boolean e = a.has('e');
        boolean s = a.has('s');
        boolean c = a.has('c');
        boolean t = a.has('t');
        if (c && (e || s)) {
            throw new CliException("-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.");
        }
        long ttl;
        try {
            ttl = t ? Long.parseLong(a.value('t')) : 0;
        } catch (NumberFormatException ex) {
            throw new CliException("-t argument must be a long value");
        }
        if (t && e) {
            throw new CliException("TTLs cannot be used with Ephemeral znodes");
        }
        if (t && c) {
            throw new CliException("TTLs cannot be used with Container znodes");
        }
        CreateMode mode;
        if (e && s) {
            mode = CreateMode.EPHEMERAL_SEQUENTIAL;
        } else if (e) {
            mode = CreateMode.EPHEMERAL;
        } else if (s) {
            mode = t ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_SEQUENTIAL;
        } else if (c) {
            mode = CreateMode.CONTAINER;
        } else {
            mode = t ? CreateMode.PERSISTENT_WITH_TTL : CreateMode.PERSISTENT;
        }
        if (t && (ttl <= 0 || ttl > WardenClient.MAX_TTL)) {
            throw new CliException("ttl must be positive and cannot be larger than: " + WardenClient.MAX_TTL);
        }
        String path = a.arg(1);
        byte[] data = a.count() > 2 ? a.arg(2).getBytes(StandardCharsets.UTF_8) : null;
        List<ACL> acl = a.count() > 3 ? Formats.parseAcl(a.arg(3), sh.err()) : Ids.OPEN_ACL_UNSAFE;
        WardenClient client = sh.client();
        CompletableFuture<String> created = t
                ? client.create2(path, data, acl, mode, ttl).thenApply(r -> r.path())
                : client.create(path, data, acl, mode);
        try {
            String newPath = created.join();
            sh.err().println("Created " + newPath);
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof WardenClientException w) {
                if (w.code() == Code.EPHEMERALONLOCALSESSION) {
                    sh.err().println("Unable to create ephemeral node on a local session");
                } else if (w.code() == Code.INVALIDACL) {
                    sh.err().println(w.getMessage());
                }
                throw CliException.of(w);
            }
            throw new CliException(String.valueOf(ex.getCause()));
        }
    }

    static void get(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "swbx");
        if (a.count() < 2) {
            throw usage("get");
        }
        DataResult r = sh.await(sh.client().getData(a.arg(1), a.has('w')));
        byte[] data = r.data() == null ? "null".getBytes(StandardCharsets.UTF_8) : r.data();
        String text;
        if (a.has('x')) {
            text = Formats.hexDump(data);
        } else if (a.has('b')) {
            text = Base64.getEncoder().encodeToString(data);
        } else {
            text = new String(data, StandardCharsets.UTF_8);
        }
        sh.out().println(text);
        if (a.has('s')) {
            Formats.printStat(sh.out(), r.stat());
        }
    }

    static void set(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "sv:b");
        if (a.count() < 3) {
            throw usage("set");
        }
        byte[] data;
        if (a.has('b')) {
            try {
                data = Base64.getDecoder().decode(a.arg(2));
            } catch (IllegalArgumentException e) {
                throw new CliException("data is not valid base64: " + e.getMessage());
            }
        } else {
            data = a.arg(2).getBytes(StandardCharsets.UTF_8);
        }
        Stat stat = sh.await(sh.client().setData(a.arg(1), data, a.intValue('v', -1)));
        if (a.has('s')) {
            Formats.printStat(sh.out(), stat);
        }
    }

    static void delete(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "v:");
        if (a.count() < 2) {
            throw usage("delete");
        }
        sh.await(sh.client().delete(a.arg(1), a.intValue('v', -1)));
    }

    /**
     * Deletes a subtree, leaves first (the reverse of a breadth-first listing, as ZKUtil.deleteRecursive).
     * zkCli sends each batch as one multi; this client sends a batch as that many pipelined deletes, which the
     * server applies in order, so children still go before their parents.
     */
    static void deleteAll(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "b:");
        if (a.count() < 2) {
            throw usage("deleteall");
        }
        int batch = a.intValue('b', 1000);
        String root = a.arg(1);
        WardenClient c = sh.client();
        List<String> tree = new ArrayList<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        PathValidation.validate(root);
        queue.add(root);
        tree.add(root);
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String child : sh.await(c.getChildren(node, false))) {
                String childPath = (node.equals("/") ? "" : node) + "/" + child;
                queue.add(childPath);
                tree.add(childPath);
            }
        }
        boolean ok = true;
        int step = Math.max(1, batch);
        for (int end = tree.size(); end > 0; end -= step) {
            List<CompletableFuture<Void>> inFlight = new ArrayList<>();
            for (int i = end - 1; i >= Math.max(0, end - step); i--) {
                inFlight.add(c.delete(tree.get(i), -1));
            }
            for (CompletableFuture<Void> f : inFlight) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            sh.err().println("Failed to delete some node(s) in the subtree!");
        }
    }

    static void stat(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "w");
        if (a.count() < 2) {
            throw usage("stat");
        }
        String path = a.arg(1);
        Stat stat = sh.await(sh.client().exists(path, a.has('w')));
        if (stat == null) {
            throw CliException.of(new WardenClientException(Code.NONODE, path));
        }
        Formats.printStat(sh.out(), stat);
    }

    static void getAcl(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "s");
        if (a.count() < 2) {
            throw usage("getAcl");
        }
        AclResult r = sh.await(sh.client().getACL(a.arg(1)));
        for (ACL acl : r.acl()) {
            sh.out().println(Formats.idString(acl.id()) + ": " + Formats.permString(acl.perms()));
        }
        if (a.has('s')) {
            Formats.printStat(sh.out(), r.stat());
        }
    }

    static void setAcl(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "sv:R");
        if (a.count() < 3) {
            throw usage("setAcl");
        }
        String path = a.arg(1);
        List<ACL> acl = Formats.parseAcl(a.arg(2), sh.err());
        int version = a.intValue('v', -1);
        WardenClient c = sh.client();
        if (a.has('R')) {
            // As zkCli: a node that fails is reported (without a newline) and the walk goes on.
            visitDepthFirst(sh, path, false, p -> {
                try {
                    c.setACL(p, acl, version).join();
                } catch (CompletionException e) {
                    sh.out().print(e.getCause().getMessage());
                }
            });
        } else {
            Stat stat = sh.await(c.setACL(path, acl, version));
            if (a.has('s')) {
                Formats.printStat(sh.out(), stat);
            }
        }
    }

    static void sync(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "");
        if (a.count() < 2) {
            throw usage("sync");
        }
        try {
            sh.await(sh.client().sync(a.arg(1)), SYNC_TIMEOUT_MS);
            sh.out().println("Sync is OK");
        } catch (TimeoutException e) {
            throw new CliException("Sync timed out after " + SYNC_TIMEOUT_MS + " ms");
        } catch (CliException e) {
            // zkCli reports a failed sync on stdout, as a number; the exit code still says it failed.
            if (e.getCause() instanceof WardenClientException w) {
                sh.out().println("Sync has failed. rc=" + w.code().intValue());
                throw CliException.reported();
            }
            throw e;
        }
    }

    static void getEphemerals(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "");
        String prefix = a.count() < 2 ? "/" : a.arg(1);
        sh.out().println(sh.await(sh.client().getEphemerals(prefix)));
    }

    static void getAllChildrenNumber(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "");
        if (a.count() < 2) {
            throw usage("getAllChildrenNumber");
        }
        sh.out().println(sh.await(sh.client().getAllChildrenNumber(a.arg(1))));
    }
}
