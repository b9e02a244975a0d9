package io.warden.cli.shell;

import io.warden.api.data.ACL;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Ids;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import io.warden.api.data.WatcherType;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.AddWatchRequest;
import io.warden.api.proto.AuthPacket;
import io.warden.api.proto.Code;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.ExistsResponse;
import io.warden.api.proto.GetACLRequest;
import io.warden.api.proto.GetACLResponse;
import io.warden.api.proto.GetAllChildrenNumberRequest;
import io.warden.api.proto.GetAllChildrenNumberResponse;
import io.warden.api.proto.GetChildren2Request;
import io.warden.api.proto.GetChildren2Response;
import io.warden.api.proto.GetChildrenRequest;
import io.warden.api.proto.GetChildrenResponse;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.GetEphemeralsRequest;
import io.warden.api.proto.GetEphemeralsResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.RemoveWatchesRequest;
import io.warden.api.proto.ReplyHeader;
import io.warden.api.proto.RequestHeader;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetACLResponse;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetDataResponse;
import io.warden.api.proto.SyncRequest;
import io.warden.api.proto.SyncResponse;
import io.warden.api.proto.WatcherEvent;
import io.warden.api.proto.WhoAmIResponse;
import io.warden.api.proto.Xid;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double: a single-node, in-memory server speaking the ZooKeeper wire protocol for what the shell uses
 * (no ACL enforcement, no session expiry, no multi). It exists only until Warden's own server can be started in
 * tests; see {@link TestServers}. Replies follow ZooKeeper's server: notifications go out before the reply of the
 * request that triggered them.
 */
final class FakeZkServer implements TestServers.Running {
    private final ServerSocket socket;
    private final Map<String, Node> tree = new TreeMap<>();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Conn>> dataWatches = new HashMap<>();
    private final Map<String, Set<Conn>> childWatches = new HashMap<>();
    private final Map<String, Set<Conn>> persistentWatches = new HashMap<>();
    private final Map<String, Set<Conn>> recursiveWatches = new HashMap<>();
    private long zxid;
    private long nextSession = 0x1000;

    private static final class Node {
        byte[] data;
        List<ACL> acl;
        long czxid;
        long mzxid;
        long pzxid;
        long ctime;
        long mtime;
        int version;
        int cversion;
        int aversion;
        long owner;
        final TreeSet<String> children = new TreeSet<>();

        Stat stat() {
            return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, owner,
                    data == null ? 0 : data.length, children.size(), pzxid);
        }
    }

    private FakeZkServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Node root = new Node();
        root.acl = Ids.OPEN_ACL_UNSAFE;
        tree.put("/", root);
        Node zk = new Node();
        zk.acl = Ids.OPEN_ACL_UNSAFE;
        zk.data = new byte[0];
        tree.put("/zookeeper", zk);
        root.children.add("zookeeper");
    }

    static FakeZkServer start() throws IOException {
        FakeZkServer s = new FakeZkServer();
        Thread t = new Thread(s::acceptLoop, "fake-zk-accept");
        t.setDaemon(true);
        t.start();
        return s;
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Conn c : conns) {
            c.close();
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Conn c = new Conn(socket.accept());
                conns.add(c);
                Thread t = new Thread(c, "fake-zk-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Conn implements Runnable {
        final Socket s;
        final List<ClientInfo> identities = new ArrayList<>(List.of(new ClientInfo("ip", "127.0.0.1")));
        long session;

        Conn(Socket s) {
            this.s = s;
        }

        @Override
        public void run() {
            try (s) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                ConnectRequest hello = ConnectRequest.read(new JuteInput(frame(in)));
                synchronized (FakeZkServer.this) {
                    session = hello.sessionId() != 0 ? hello.sessionId() : nextSession++;
                }
                int timeout = Math.max(4000, Math.min(40000, hello.timeOut()));
                JuteOutput o = new JuteOutput();
                new ConnectResponse(0, timeout, session, new byte[16]).write(o);
                o.writeBool(false);
                send(o.toByteArray());
                while (true) {
                    JuteInput req = new JuteInput(frame(in));
                    RequestHeader h = RequestHeader.read(req);
                    if (!handle(h, req)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // The client went away.
            } finally {
                conns.remove(this);
                synchronized (FakeZkServer.this) {
                    for (Map<String, Set<Conn>> m : List.of(dataWatches, childWatches, persistentWatches, recursiveWatches)) {
                        m.values().forEach(set -> set.remove(this));
                    }
                }
            }
        }

        private byte[] frame(DataInputStream in) throws IOException {
            int len = in.readInt();
            if (len < 0 || len > 1 << 24) {
                throw new IOException("bad length " + len);
            }
            byte[] b = new byte[len];
            in.readFully(b);
            return b;
        }

        synchronized void send(byte[] body) throws IOException {
            OutputStream out = s.getOutputStream();
            JuteOutput o = new JuteOutput(body.length + 4);
            o.writeInt(body.length);
            o.writeRaw(body, 0, body.length);
            out.write(o.toByteArray());
            out.flush();
        }

        void reply(int xid, long atZxid, Code err, JuteRecord body) throws IOException {
            JuteOutput o = new JuteOutput();
            new ReplyHeader(xid, atZxid, err.intValue()).write(o);
            if (body != null && err == Code.OK) {
                body.write(o);
            }
            send(o.toByteArray());
        }

        void close() {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** Returns false when the session is closed. */
        private boolean handle(RequestHeader h, JuteInput in) throws IOException {
            List<Notice> notices = new ArrayList<>();
            Answer a;
            synchronized (FakeZkServer.this) {
                a = answer(h.type(), in, notices);
            }
            for (Notice n : notices) {
                JuteOutput o = new JuteOutput();
                new ReplyHeader(Xid.NOTIFICATION, n.zxid, 0).write(o);
                new WatcherEvent(n.type.intValue(), KeeperState.SyncConnected.intValue(), n.path).write(o);
                try {
                    n.to.send(o.toByteArray());
                } catch (IOException e) {
                    n.to.close();
                }
            }
            int xid = h.type() == OpCode.PING ? Xid.PING : h.type() == OpCode.AUTH ? Xid.AUTH : h.xid();
            reply(xid, a.zxid, a.code, a.body);
            if (h.type() == OpCode.AUTH && a.code != Code.OK) {
                return false;
            }
            return h.type() != OpCode.CLOSE_SESSION;
        }

        private Answer answer(int op, JuteInput in, List<Notice> notices) {
            switch (op) {
                case OpCode.PING, OpCode.SET_WATCHES2 -> {
                    return ok(null);
                }
                case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> {
                    CreateRequest r = CreateRequest.read(in);
                    return create(op, r.path(), r.data(), r.acl(), r.flags(), notices);
                }
                case OpCode.CREATE_TTL -> {
                    CreateTTLRequest r = CreateTTLRequest.read(in);
                    return create(op, r.path(), r.data(), r.acl(), r.flags(), notices);
                }
                case OpCode.DELETE -> {
                    DeleteRequest r = DeleteRequest.read(in);
                    return delete(r.path(), r.version(), notices);
                }
                case OpCode.EXISTS -> {
                    ExistsRequest r = ExistsRequest.read(in);
                    if (r.watch()) {
                        watch(dataWatches, r.path());
                    }
                    Node n = tree.get(r.path());
                    return n == null ? error(Code.NONODE) : ok(new ExistsResponse(n.stat()));
                }
                case OpCode.GET_DATA -> {
                    GetDataRequest r = GetDataRequest.read(in);
                    Node n = tree.get(r.path());
                    if (n == null) {
                        return error(Code.NONODE);
                    }
                    if (r.watch()) {
                        watch(dataWatches, r.path());
                    }
                    return ok(new GetDataResponse(n.data, n.stat()));
                }
                case OpCode.SET_DATA -> {
                    SetDataRequest r = SetDataRequest.read(in);
                    Node n = tree.get(r.path());
                    if (n == null) {
                        return error(Code.NONODE);
                    }
                    if (r.version() != -1 && r.version() != n.version) {
                        return error(Code.BADVERSION);
                    }
                    n.data = r.data();
                    n.version++;
                    n.mzxid = ++zxid;
                    n.mtime = time();
                    fire(r.path(), EventType.NodeDataChanged, notices);
                    return ok(new SetDataResponse(n.stat()));
                }
                case OpCode.GET_ACL -> {
                    Node n = tree.get(GetACLRequest.read(in).path());
                    return n == null ? error(Code.NONODE) : ok(new GetACLResponse(n.acl, n.stat()));
                }
                case OpCode.SET_ACL -> {
                    SetACLRequest r = SetACLRequest.read(in);
                    Node n = tree.get(r.path());
                    if (n == null) {
                        return error(Code.NONODE);
                    }
                    if (r.acl() == null || r.acl().isEmpty()) {
                        return error(Code.INVALIDACL);
                    }
                    if (r.version() != -1 && r.version() != n.aversion) {
                        return error(Code.BADVERSION);
                    }
                    n.acl = r.acl();
                    n.aversion++;
                    ++zxid;
                    return ok(new SetACLResponse(n.stat()));
                }
                case OpCode.GET_CHILDREN -> {
                    GetChildrenRequest r = GetChildrenRequest.read(in);
                    Node n = tree.get(r.path());
                    if (n == null) {
                        return error(Code.NONODE);
                    }
                    if (r.watch()) {
                        watch(childWatches, r.path());
                    }
                    return ok(new GetChildrenResponse(new ArrayList<>(n.children)));
                }
                case OpCode.GET_CHILDREN2 -> {
                    GetChildren2Request r = GetChildren2Request.read(in);
                    Node n = tree.get(r.path());
                    if (n == null) {
                        return error(Code.NONODE);
                    }
                    if (r.watch()) {
                        watch(childWatches, r.path());
                    }
                    return ok(new GetChildren2Response(new ArrayList<>(n.children), n.stat()));
                }
                case OpCode.SYNC -> {
                    return ok(new SyncResponse(SyncRequest.read(in).path()));
                }
                case OpCode.AUTH -> {
                    AuthPacket p = AuthPacket.read(in);
                    if (!"digest".equals(p.scheme()) || p.auth() == null) {
                        return error(Code.AUTHFAILED);
                    }
                    String cred = new String(p.auth(), StandardCharsets.UTF_8);
                    identities.add(new ClientInfo("digest", cred.contains(":") ? cred.substring(0, cred.indexOf(':')) : cred));
                    return ok(null);
                }
                case OpCode.REMOVE_WATCHES -> {
                    RemoveWatchesRequest r = RemoveWatchesRequest.read(in);
                    return removeWatches(r.path(), WatcherType.of(r.type()));
                }
                case OpCode.ADD_WATCH -> {
                    AddWatchRequest r = AddWatchRequest.read(in);
                    watch(AddWatchMode.of(r.mode()) == AddWatchMode.PERSISTENT ? persistentWatches : recursiveWatches,
                            r.path());
                    return ok(null);
                }
                case OpCode.GET_EPHEMERALS -> {
                    String prefix = GetEphemeralsRequest.read(in).prefixPath();
                    List<String> mine = new ArrayList<>();
                    tree.forEach((p, n) -> {
                        if (n.owner == session && (prefix.equals("/") || p.startsWith(prefix))) {
                            mine.add(p);
                        }
                    });
                    return ok(new GetEphemeralsResponse(mine));
                }
                case OpCode.GET_ALL_CHILDREN_NUMBER -> {
                    String path = GetAllChildrenNumberRequest.read(in).path();
                    if (!tree.containsKey(path)) {
                        return error(Code.NONODE);
                    }
                    String base = path.equals("/") ? "/" : path + "/";
                    int count = (int) tree.keySet().stream().filter(p -> !p.equals(path) && p.startsWith(base)).count();
                    return ok(new GetAllChildrenNumberResponse(count));
                }
                case OpCode.WHO_AM_I -> {
                    return ok(new WhoAmIResponse(List.copyOf(identities)));
                }
                case OpCode.CLOSE_SESSION -> {
                    List<String> mine = new ArrayList<>();
                    tree.forEach((p, n) -> {
                        if (n.owner == session) {
                            mine.add(p);
                        }
                    });
                    for (String p : mine) {
                        delete(p, -1, notices);
                    }
                    return ok(null);
                }
                default -> {
                    return error(Code.UNIMPLEMENTED);
                }
            }
        }

        private Answer create(int op, String path, byte[] data, List<ACL> acl, int flags, List<Notice> notices) {
            CreateMode mode = CreateMode.fromFlag(flags);
            int slash = path.lastIndexOf('/');
            String parentPath = slash == 0 ? "/" : path.substring(0, slash);
            Node parent = tree.get(parentPath);
            if (mode == null) {
                return error(Code.BADARGUMENTS);
            }
            if (parent == null) {
                return error(Code.NONODE);
            }
            if (parent.owner != 0) {
                return error(Code.NOCHILDRENFOREPHEMERALS);
            }
            if (acl == null || acl.isEmpty()) {
                return error(Code.INVALIDACL);
            }
            String actual = mode.isSequential() ? path + String.format("%010d", parent.cversion) : path;
            if (tree.containsKey(actual)) {
                return error(Code.NODEEXISTS);
            }
            Node n = new Node();
            n.data = data;
            n.acl = acl;
            n.czxid = n.mzxid = n.pzxid = ++zxid;
            n.ctime = n.mtime = time();
            n.owner = mode.isEphemeral() ? session : 0;
            tree.put(actual, n);
            parent.children.add(actual.substring(actual.lastIndexOf('/') + 1));
            parent.cversion++;
            parent.pzxid = zxid;
            fire(actual, EventType.NodeCreated, notices);
            fire(parentPath, EventType.NodeChildrenChanged, notices);
            return op == OpCode.CREATE ? ok(new CreateResponse(actual)) : ok(new Create2Response(actual, n.stat()));
        }

        private Answer delete(String path, int version, List<Notice> notices) {
            Node n = tree.get(path);
            if (n == null) {
                return error(Code.NONODE);
            }
            if (path.equals("/") || path.equals("/zookeeper")) {
                return error(Code.BADARGUMENTS);
            }
            if (version != -1 && version != n.version) {
                return error(Code.BADVERSION);
            }
            if (!n.children.isEmpty()) {
                return error(Code.NOTEMPTY);
            }
            int slash = path.lastIndexOf('/');
            String parentPath = slash == 0 ? "/" : path.substring(0, slash);
            Node parent = tree.get(parentPath);
            tree.remove(path);
            parent.children.remove(path.substring(slash + 1));
            parent.cversion++;
            parent.pzxid = ++zxid;
            fire(path, EventType.NodeDeleted, notices);
            fire(parentPath, EventType.NodeChildrenChanged, notices);
            return ok(null);
        }

        private Answer removeWatches(String path, WatcherType type) {
            boolean removed = false;
            if (type == WatcherType.Children || type == WatcherType.Any) {
                removed |= unwatch(childWatches, path);
            }
            if (type == WatcherType.Data || type == WatcherType.Any) {
                removed |= unwatch(dataWatches, path);
            }
            if (type == WatcherType.Persistent || type == WatcherType.Any) {
                removed |= unwatch(persistentWatches, path);
            }
            if (type == WatcherType.PersistentRecursive || type == WatcherType.Any) {
                removed |= unwatch(recursiveWatches, path);
            }
            return removed ? ok(null) : error(Code.NOWATCHER);
        }

        private void watch(Map<String, Set<Conn>> map, String path) {
            map.computeIfAbsent(path, k -> new LinkedHashSet<>()).add(this);
        }

        private boolean unwatch(Map<String, Set<Conn>> map, String path) {
            Set<Conn> set = map.get(path);
            return set != null && set.remove(this);
        }
    }

    private record Notice(Conn to, EventType type, String path, long zxid) {
    }

    private record Answer(Code code, JuteRecord body, long zxid) {
    }

    private Answer ok(JuteRecord body) {
        return new Answer(Code.OK, body, zxid);
    }

    private Answer error(Code code) {
        return new Answer(code, null, zxid);
    }

    private long time() {
        // A made-up clock, so that nothing here depends on the wall clock.
        return 1_700_000_000_000L + zxid * 1000;
    }

    /** The watches an event triggers, as ZooKeeper's WatchManager: each connection is told once per event. */
    private void fire(String path, EventType type, List<Notice> notices) {
        Set<Conn> to = new LinkedHashSet<>();
        if (type != EventType.NodeChildrenChanged) {
            Set<Conn> d = dataWatches.remove(path);
            if (d != null) {
                to.addAll(d);
            }
        }
        if (type == EventType.NodeChildrenChanged || type == EventType.NodeDeleted) {
            Set<Conn> c = childWatches.remove(path);
            if (c != null) {
                to.addAll(c);
            }
        }
        to.addAll(persistentWatches.getOrDefault(path, Set.of()));
        if (type != EventType.NodeChildrenChanged) {
            for (String p = path; ; p = p.lastIndexOf('/') == 0 ? "/" : p.substring(0, p.lastIndexOf('/'))) {
                to.addAll(recursiveWatches.getOrDefault(p, Set.of()));
                if (p.equals("/")) {
                    break;
                }
            }
        }
        for (Conn c : to) {
            notices.add(new Notice(c, type, path, zxid));
        }
    }
}
