package io.warden.api.client;

import io.warden.api.path.PathValidation;
import io.warden.api.data.ACL;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import io.warden.api.data.WatcherType;
import io.warden.api.jute.JuteInput;
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
import io.warden.api.proto.SetWatches2;
import io.warden.api.proto.SyncRequest;
import io.warden.api.proto.SyncResponse;
import io.warden.api.proto.WatcherEvent;
import io.warden.api.proto.WhoAmIResponse;
import io.warden.api.proto.Xid;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small asynchronous client for the ZooKeeper 3.x wire protocol, used by Warden's CLI (which must not depend on
 * Apache ZooKeeper's jar).
 *
 * <p>Threads: a reader thread per client reads replies and notifications and reconnects after a connection loss
 * (to the next server of the connect string, keeping the session); a timer sends pings; one event thread runs the
 * watcher and completes every future, in the order the server sent them. So a watch event is seen before the
 * reply that follows it on the wire, as with ZooKeeper's client. Do not block on this client's futures from inside
 * the watcher or a non-async dependent stage: that stalls the event thread.
 *
 * <p>Errors: an answer with a non-zero error code completes the future exceptionally with a
 * {@link WardenClientException} carrying the code and the caller's path; requests made while not connected fail
 * with CONNECTIONLOSS (ZooKeeper's client queues them instead). Bad paths and TTLs throw IllegalArgumentException
 * at once, as ZooKeeper's client does.
 */
public final class WardenClient implements AutoCloseable {
    /** The largest TTL ZooKeeper accepts: the 40 bits its TTL extension leaves in an ephemeralOwner. */
    public static final long MAX_TTL = 0xFF_FFFF_FFFFL;

    private static final Logger LOG = LoggerFactory.getLogger(WardenClient.class);
    private static final byte[] PING = Connection.frame(new RequestHeader(Xid.PING, OpCode.PING), null);
    private static final JuteInput EMPTY = new JuteInput(new byte[0]);

    private final ConnectString connectString;
    private final int requestedTimeoutMs;
    private final Consumer<WatchedEvent> watcher;
    private final WatchRegistry watches = new WatchRegistry();
    private final List<AuthPacket> authInfo = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();

    /** Held while writing a frame, so frames never interleave and xids go out in order. Taken before {@link #lock}. */
    private final Object writeLock = new Object();
    /** Guards the fields below; never held while doing IO. */
    private final Object lock = new Object();
    private final Map<Integer, Pending<?>> pending = new HashMap<>();
    private final ArrayDeque<CompletableFuture<Void>> authReplies = new ArrayDeque<>();
    private Connection conn;
    private ClientState state = ClientState.CONNECTING;
    private boolean closing;
    private boolean expired;
    private int nextXid = 1;
    private ScheduledFuture<?> pingTask;

    private volatile long sessionId;
    private volatile byte[] sessionPasswd = new byte[16];
    private volatile int negotiatedTimeoutMs;
    private volatile long lastZxid;
    private volatile int serverIndex;
    private volatile Thread reader;

    private WardenClient(ConnectString connectString, int sessionTimeoutMs, Consumer<WatchedEvent> watcher) {
        if (sessionTimeoutMs <= 0) {
            throw new IllegalArgumentException("session timeout must be positive: " + sessionTimeoutMs);
        }
        this.connectString = connectString;
        this.requestedTimeoutMs = sessionTimeoutMs;
        this.watcher = watcher == null ? e -> { } : watcher;
        this.events = Executors.newSingleThreadExecutor(daemon("warden-client-events"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("warden-client-ping"));
    }

    /**
     * Connects to the first server of {@code connectString} that completes a session handshake, trying each once,
     * and returns a connected client; the watcher then receives a SyncConnected event.
     *
     * @param connectString {@code host:port[,host:port...][/chroot]}
     * @throws IOException when no server could be reached or none granted a session
     */
    public static WardenClient connect(String connectString, int sessionTimeoutMs, Consumer<WatchedEvent> watcher)
            throws IOException {
        WardenClient client = new WardenClient(ConnectString.parse(connectString), sessionTimeoutMs, watcher);
        client.start();
        return client;
    }

    private void start() throws IOException {
        IOException failure = null;
        List<InetSocketAddress> servers = connectString.servers();
        for (int i = 0; i < servers.size(); i++) {
            try {
                Connection.Handshake hs = Connection.open(servers.get(i), connectRequest(), connectTimeoutMs());
                if (hs.response().timeOut() <= 0) {
                    hs.connection().close();
                    throw new IOException("Server " + hs.connection().remote() + " did not grant a session");
                }
                serverIndex = i;
                established(hs);
                Thread t = new Thread(() -> run(hs.connection()), "warden-client-reader");
                t.setDaemon(true);
                reader = t;
                t.start();
                return;
            } catch (IOException e) {
                if (failure == null) {
                    failure = new IOException("Unable to connect to " + connectString.hostList());
                }
                failure.addSuppressed(e);
            }
        }
        events.shutdown();
        timer.shutdownNow();
        throw failure;
    }

    // ---- public API: session ----

    public ClientState state() {
        synchronized (lock) {
            return state;
        }
    }

    public long sessionId() {
        return sessionId;
    }

    public byte[] sessionPasswd() {
        return sessionPasswd.clone();
    }

    /** The session timeout the server granted (ms). */
    public int sessionTimeout() {
        return negotiatedTimeoutMs;
    }

    public ConnectString connectString() {
        return connectString;
    }

    /** The highest zxid seen in any reply. */
    public long lastZxid() {
        return lastZxid;
    }

    // ---- public API: operations ----

    /** Creates a node; for TTL modes use {@link #create(String, byte[], List, CreateMode, long)}. */
    public CompletableFuture<String> create(String path, byte[] data, List<ACL> acl, CreateMode mode) {
        return create(path, data, acl, mode, -1);
    }

    /** Creates a node and returns the path created (with its sequence number, without the chroot). */
    public CompletableFuture<String> create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) {
        return create(path, data, acl, mode, ttl, false).thenApply(CreateResult::path);
    }

    /** Creates a node and returns the path created and the new node's Stat (ZooKeeper's create2). */
    public CompletableFuture<CreateResult> create2(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl) {
        return create(path, data, acl, mode, ttl, true);
    }

    private CompletableFuture<CreateResult> create(String path, byte[] data, List<ACL> acl, CreateMode mode, long ttl,
                                                   boolean withStat) {
        PathValidation.validate(path, mode.isSequential());
        validateTtl(mode, ttl);
        if (acl == null || acl.isEmpty()) {
            return CompletableFuture.failedFuture(new WardenClientException(Code.INVALIDACL, path));
        }
        String serverPath = connectString.toServerPath(path);
        if (mode.isTTL()) {
            return submit(OpCode.CREATE_TTL, new CreateTTLRequest(serverPath, data, acl, mode.flag(), ttl), path,
                    ok(path, this::createResult2));
        }
        int op = mode.isContainer() ? OpCode.CREATE_CONTAINER : withStat ? OpCode.CREATE2 : OpCode.CREATE;
        CreateRequest request = new CreateRequest(serverPath, data, acl, mode.flag());
        // A server answers createContainer with a Create2Response; reading only its path works for both shapes.
        Function<JuteInput, CreateResult> decode = withStat ? this::createResult2
                : in -> new CreateResult(connectString.toClientPath(CreateResponse.read(in).path()), null);
        return submit(op, request, path, ok(path, decode));
    }

    private CreateResult createResult2(JuteInput in) {
        Create2Response r = Create2Response.read(in);
        return new CreateResult(connectString.toClientPath(r.path()), r.stat());
    }

    private static void validateTtl(CreateMode mode, long ttl) {
        if (mode.isTTL()) {
            if (ttl <= 0 || ttl > MAX_TTL) {
                throw new IllegalArgumentException("ttl must be positive and cannot be larger than: " + MAX_TTL);
            }
        } else if (ttl >= 0) {
            throw new IllegalArgumentException("ttl not valid for mode: " + mode);
        }
    }

    public CompletableFuture<Void> delete(String path, int version) {
        PathValidation.validate(path);
        return submit(OpCode.DELETE, new DeleteRequest(connectString.toServerPath(path), version), path, ok(path, null));
    }

    /** The node's Stat, or null when it does not exist; with {@code watch}, a data or existence watch is left. */
    public CompletableFuture<Stat> exists(String path, boolean watch) {
        PathValidation.validate(path);
        ReplyHandler<Stat> handler = (err, in) -> {
            if (err == Code.NONODE.intValue()) {
                if (watch) {
                    watches.addExist(path);
                }
                return null;
            }
            if (err != 0) {
                throw error(err, path);
            }
            Stat stat = ExistsResponse.read(in).stat();
            if (watch) {
                watches.addData(path);
            }
            return stat;
        };
        return submit(OpCode.EXISTS, new ExistsRequest(connectString.toServerPath(path), watch), path, handler);
    }

    public CompletableFuture<DataResult> getData(String path, boolean watch) {
        PathValidation.validate(path);
        return submit(OpCode.GET_DATA, new GetDataRequest(connectString.toServerPath(path), watch), path,
                ok(path, in -> {
                    GetDataResponse r = GetDataResponse.read(in);
                    if (watch) {
                        watches.addData(path);
                    }
                    return new DataResult(r.data(), r.stat());
                }));
    }

    public CompletableFuture<Stat> setData(String path, byte[] data, int version) {
        PathValidation.validate(path);
        return submit(OpCode.SET_DATA, new SetDataRequest(connectString.toServerPath(path), data, version), path,
                ok(path, in -> SetDataResponse.read(in).stat()));
    }

    public CompletableFuture<List<String>> getChildren(String path, boolean watch) {
        PathValidation.validate(path);
        return submit(OpCode.GET_CHILDREN, new GetChildrenRequest(connectString.toServerPath(path), watch), path,
                ok(path, in -> {
                    List<String> children = GetChildrenResponse.read(in).children();
                    if (watch) {
                        watches.addChild(path);
                    }
                    return children;
                }));
    }

    public CompletableFuture<ChildrenResult> getChildren2(String path, boolean watch) {
        PathValidation.validate(path);
        return submit(OpCode.GET_CHILDREN2, new GetChildren2Request(connectString.toServerPath(path), watch), path,
                ok(path, in -> {
                    GetChildren2Response r = GetChildren2Response.read(in);
                    if (watch) {
                        watches.addChild(path);
                    }
                    return new ChildrenResult(r.children(), r.stat());
                }));
    }

    public CompletableFuture<AclResult> getACL(String path) {
        PathValidation.validate(path);
        return submit(OpCode.GET_ACL, new GetACLRequest(connectString.toServerPath(path)), path, ok(path, in -> {
            GetACLResponse r = GetACLResponse.read(in);
            return new AclResult(r.acl(), r.stat());
        }));
    }

    public CompletableFuture<Stat> setACL(String path, List<ACL> acl, int version) {
        PathValidation.validate(path);
        if (acl == null || acl.isEmpty()) {
            return CompletableFuture.failedFuture(new WardenClientException(Code.INVALIDACL, path));
        }
        return submit(OpCode.SET_ACL, new SetACLRequest(connectString.toServerPath(path), acl, version), path,
                ok(path, in -> SetACLResponse.read(in).stat()));
    }

    /** Makes the connected server catch up with the leader; answers the path. */
    public CompletableFuture<String> sync(String path) {
        PathValidation.validate(path);
        return submit(OpCode.SYNC, new SyncRequest(connectString.toServerPath(path)), path,
                ok(path, in -> connectString.toClientPath(SyncResponse.read(in).path())));
    }

    /**
     * Adds authentication to the session (xid -4). It is remembered and sent again after every reconnect, as
     * ZooKeeper's client does, even when this first attempt fails with CONNECTIONLOSS. A rejected credential
     * fails with AUTHFAILED, puts the client in AUTH_FAILED and the watcher receives an AuthFailed event.
     */
    public CompletableFuture<Void> addAuth(String scheme, byte[] auth) {
        AuthPacket packet = new AuthPacket(0, scheme, auth);
        authInfo.add(packet);
        CompletableFuture<Void> reply = new CompletableFuture<>();
        synchronized (writeLock) {
            Connection c;
            synchronized (lock) {
                if (state != ClientState.CONNECTED || conn == null || closing) {
                    reply.completeExceptionally(new WardenClientException(deadCode(), null));
                    return reply;
                }
                c = conn;
                authReplies.add(reply);
            }
            sendOrDrop(c, Connection.frame(new RequestHeader(Xid.AUTH, OpCode.AUTH), packet));
        }
        return reply;
    }

    public CompletableFuture<Void> addWatch(String path, AddWatchMode mode) {
        PathValidation.validate(path);
        return submit(OpCode.ADD_WATCH, new AddWatchRequest(connectString.toServerPath(path), mode.mode()), path,
                ok(path, in -> {
                    watches.addPersistent(path, mode == AddWatchMode.PERSISTENT_RECURSIVE);
                    return null;
                }));
    }

    /**
     * Removes this session's watches of a kind on a path. As with ZooKeeper's client, the watcher then receives a
     * DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved event, and a path this client holds no such
     * watch on fails with NOWATCHER. With {@code local}, the watches are dropped from the client's book even when
     * the server cannot be reached or answers with an error.
     */
    public CompletableFuture<Void> removeWatches(String path, WatcherType type, boolean local) {
        PathValidation.validate(path);
        ReplyHandler<Void> handler = (err, in) -> {
            if (err != 0 && !local) {
                throw error(err, path);
            }
            Set<EventType> removed = watches.remove(path, type);
            if (removed.isEmpty()) {
                throw new WardenClientException(Code.NOWATCHER, path);
            }
            // Handlers run on the event thread: calling the watcher here (not queueing it) delivers the removal events
            // before the answer completes, as ZooKeeper's client does.
            for (EventType t : removed) {
                callWatcher(new WatchedEvent(t, KeeperState.SyncConnected, path));
            }
            return null;
        };
        return submit(OpCode.REMOVE_WATCHES, new RemoveWatchesRequest(connectString.toServerPath(path), type.intValue()),
                path, handler);
    }

    /** This session's ephemeral nodes whose path starts with {@code prefix} ("/" for all). */
    public CompletableFuture<List<String>> getEphemerals(String prefix) {
        PathValidation.validate(prefix);
        return submit(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(connectString.toServerPath(prefix)), prefix,
                ok(prefix, in -> {
                    List<String> out = new ArrayList<>();
                    for (String p : GetEphemeralsResponse.read(in).ephemerals()) {
                        out.add(connectString.toClientPath(p));
                    }
                    return out;
                }));
    }

    public CompletableFuture<Integer> getAllChildrenNumber(String path) {
        PathValidation.validate(path);
        return submit(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest(connectString.toServerPath(path)),
                path, ok(path, in -> GetAllChildrenNumberResponse.read(in).totalNumber()));
    }

    public CompletableFuture<List<ClientInfo>> whoAmI() {
        return submit(OpCode.WHO_AM_I, null, null, ok(null, in -> WhoAmIResponse.read(in).clientInfo()));
    }

    // ---- closing ----

    /**
     * Closes the session (closeSession, op -11) and the connection; the watcher then receives a Closed event.
     * Completes when the client has stopped. Requests made afterwards fail with CONNECTIONLOSS.
     */
    public CompletableFuture<Void> closeAsync() {
        boolean sendClose;
        Connection c;
        synchronized (lock) {
            if (closing) {
                return closed;
            }
            closing = true;
            sendClose = state == ClientState.CONNECTED && conn != null;
            c = conn;
        }
        closeSignal.countDown();
        if (sendClose) {
            submit(OpCode.CLOSE_SESSION, null, null, ok(null, null), true)
                    .orTimeout(Math.max(1, negotiatedTimeoutMs), TimeUnit.MILLISECONDS)
                    .whenComplete((v, e) -> closeConnection());
        } else if (c != null) {
            c.close();
        } else {
            Thread r = reader;
            if (r == null || !r.isAlive()) {
                finish();
            }
        }
        return closed;
    }

    /** As {@link #closeAsync()}, waiting at most about one session timeout for the server's answer. */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        try {
            done.get(Math.max(1, negotiatedTimeoutMs) * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Closing the session did not finish cleanly", e);
            closeConnection();
        }
    }

    // ---- internals: sending ----

    @FunctionalInterface
    private interface ReplyHandler<T> {
        /** Turns an answer into a result, or throws WardenClientException. {@code err} is the reply's code. */
        T handle(int err, JuteInput body);
    }

    private static final class Pending<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final String path;
        final ReplyHandler<T> handler;

        Pending(String path, ReplyHandler<T> handler) {
            this.path = path;
            this.handler = handler;
        }

        void complete(int err, JuteInput body) {
            try {
                future.complete(handler.handle(err, body));
            } catch (WardenClientException e) {
                future.completeExceptionally(e);
            } catch (RuntimeException e) {
                WardenClientException bad = new WardenClientException(Code.MARSHALLINGERROR, path);
                bad.initCause(e);
                future.completeExceptionally(bad);
            }
        }
    }

    private static <T> ReplyHandler<T> ok(String path, Function<JuteInput, T> decode) {
        return (err, in) -> {
            if (err != 0) {
                throw error(err, path);
            }
            return decode == null ? null : decode.apply(in);
        };
    }

    private static WardenClientException error(int err, String path) {
        Code code = Code.of(err);
        return new WardenClientException(code == null ? Code.SYSTEMERROR : code, path);
    }

    private <T> CompletableFuture<T> submit(int op, JuteRecord body, String path, ReplyHandler<T> handler) {
        return submit(op, body, path, handler, false);
    }

    private <T> CompletableFuture<T> submit(int op, JuteRecord body, String path, ReplyHandler<T> handler,
                                            boolean closeRequest) {
        Pending<T> p = new Pending<>(path, handler);
        synchronized (writeLock) {
            Connection c;
            int xid;
            synchronized (lock) {
                if (state != ClientState.CONNECTED || conn == null || closing && !closeRequest) {
                    Code code = deadCode();
                    post(() -> p.complete(code.intValue(), EMPTY));
                    return p.future;
                }
                c = conn;
                xid = nextXid++;
                pending.put(xid, p);
            }
            sendOrDrop(c, Connection.frame(new RequestHeader(xid, op), body));
        }
        return p.future;
    }

    /** A failed write means a dead socket; closing it makes the reader notice and fail what is pending. */
    private static void sendOrDrop(Connection c, byte[] frame) {
        try {
            c.send(frame);
        } catch (IOException e) {
            c.close();
        }
    }

    private Code deadCode() {
        if (state == ClientState.AUTH_FAILED) {
            return Code.AUTHFAILED;
        }
        return expired ? Code.SESSIONEXPIRED : Code.CONNECTIONLOSS;
    }

    private void ping() {
        synchronized (writeLock) {
            Connection c;
            synchronized (lock) {
                if (state != ClientState.CONNECTED || conn == null) {
                    return;
                }
                c = conn;
            }
            sendOrDrop(c, PING);
        }
    }

    private void closeConnection() {
        Connection c;
        synchronized (lock) {
            c = conn;
        }
        if (c != null) {
            c.close();
        }
    }

    // ---- internals: the session's life ----

    private ConnectRequest connectRequest() {
        return new ConnectRequest(0, lastZxid, requestedTimeoutMs, sessionId, sessionPasswd);
    }

    private int connectTimeoutMs() {
        return Math.max(1000, requestedTimeoutMs / connectString.servers().size());
    }

    /**
     * Makes a handshaken connection the current one. Before any request can use it, the remembered
     * credentials and watches are sent again (as ZooKeeper's client does), so that they apply to what follows.
     */
    private boolean established(Connection.Handshake hs) throws IOException {
        ConnectResponse r = hs.response();
        Connection c = hs.connection();
        sessionId = r.sessionId();
        sessionPasswd = r.passwd() == null ? new byte[16] : r.passwd();
        negotiatedTimeoutMs = r.timeOut();
        c.setReadTimeout(Math.max(1, negotiatedTimeoutMs * 2 / 3));
        synchronized (writeLock) {
            synchronized (lock) {
                if (closing) {
                    return false;
                }
                for (int i = 0; i < authInfo.size(); i++) {
                    authReplies.add(new CompletableFuture<>());
                }
            }
            for (AuthPacket a : authInfo) {
                c.send(Connection.frame(new RequestHeader(Xid.AUTH, OpCode.AUTH), a));
            }
            if (!watches.isEmpty()) {
                c.send(Connection.frame(new RequestHeader(Xid.SET_WATCHES, OpCode.SET_WATCHES2), setWatches()));
            }
            synchronized (lock) {
                conn = c;
                state = ClientState.CONNECTED;
                if (pingTask != null) {
                    pingTask.cancel(false);
                }
                long period = Math.max(1, negotiatedTimeoutMs / 3);
                pingTask = timer.scheduleWithFixedDelay(this::ping, period, period, TimeUnit.MILLISECONDS);
            }
        }
        LOG.debug("Session 0x{} established with {}, timeout {} ms", Long.toHexString(sessionId), c.remote(),
                negotiatedTimeoutMs);
        deliver(new WatchedEvent(EventType.None, r.timeOut() > 0 && hs.readOnly()
                ? KeeperState.ConnectedReadOnly : KeeperState.SyncConnected, null));
        return true;
    }

    private SetWatches2 setWatches() {
        List<List<String>> w = watches.snapshot();
        List<List<String>> server = new ArrayList<>();
        for (List<String> paths : w) {
            List<String> s = new ArrayList<>(paths.size());
            for (String p : paths) {
                s.add(connectString.toServerPath(p));
            }
            server.add(s);
        }
        return new SetWatches2(lastZxid, server.get(0), server.get(1), server.get(2), server.get(3), server.get(4));
    }

    /** The reader thread: reads until the connection breaks, then reconnects or finishes. */
    private void run(Connection first) {
        Connection c = first;
        while (c != null) {
            Exception cause;
            try {
                while (true) {
                    handle(c.readFrame());
                }
            } catch (IOException | RuntimeException e) {
                cause = e;
            }
            c = lost(c, cause);
        }
    }

    private void handle(byte[] frame) throws IOException {
        JuteInput in = new JuteInput(frame);
        ReplyHeader h = ReplyHeader.read(in);
        if (h.zxid() > 0) {
            lastZxid = h.zxid();
        }
        switch (h.xid()) {
            case Xid.PING, Xid.SET_WATCHES -> {
                return;
            }
            case Xid.AUTH -> {
                authReply(h.err());
                return;
            }
            case Xid.NOTIFICATION -> {
                notification(WatcherEvent.read(in), h.zxid());
                return;
            }
            default -> {
            }
        }
        Pending<?> p;
        synchronized (lock) {
            p = pending.remove(h.xid());
        }
        if (p == null) {
            throw new IOException("Reply for xid " + h.xid() + " which is not pending");
        }
        post(() -> p.complete(h.err(), in));
    }

    private void authReply(int err) {
        CompletableFuture<Void> f;
        boolean failed = err == Code.AUTHFAILED.intValue();
        synchronized (lock) {
            f = authReplies.poll();
            if (failed) {
                state = ClientState.AUTH_FAILED;
            }
        }
        if (failed) {
            deliver(new WatchedEvent(EventType.None, KeeperState.AuthFailed, null));
        }
        if (f != null) {
            post(() -> {
                if (err == 0) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error(err, null));
                }
            });
        }
    }

    private void notification(WatcherEvent e, long zxid) {
        EventType type = EventType.of(e.type());
        KeeperState st = KeeperState.of(e.state());
        String path = connectString.toClientPath(e.path());
        post(() -> {
            if (type != null) {
                watches.fired(type, path);
            }
            callWatcher(new WatchedEvent(type, st, path, zxid));
        });
    }

    /** Handles a broken connection; returns the next connection to read from, or null when the client is done. */
    private Connection lost(Connection c, Exception cause) {
        c.close();
        List<Pending<?>> failed;
        List<CompletableFuture<Void>> auths;
        boolean done;
        synchronized (lock) {
            if (conn == c) {
                conn = null;
            }
            failed = new ArrayList<>(pending.values());
            pending.clear();
            auths = new ArrayList<>(authReplies);
            authReplies.clear();
            done = closing || state == ClientState.AUTH_FAILED;
            if (state == ClientState.CONNECTED) {
                state = closing ? ClientState.CLOSED : ClientState.CONNECTING;
            }
        }
        Code code = state() == ClientState.AUTH_FAILED ? Code.AUTHFAILED : Code.CONNECTIONLOSS;
        post(() -> {
            failed.forEach(p -> p.complete(code.intValue(), EMPTY));
            auths.forEach(f -> f.completeExceptionally(new WardenClientException(code, null)));
        });
        if (done) {
            finish();
            return null;
        }
        LOG.info("Connection to {} lost ({}); reconnecting", c.remote(), cause.toString());
        deliver(new WatchedEvent(EventType.None, KeeperState.Disconnected, null));
        return reconnect();
    }

    /** Tries the servers in turn, pausing after each full round, until one takes the session back or it expires. */
    private Connection reconnect() {
        List<InetSocketAddress> servers = connectString.servers();
        long pauseMs = 50;
        for (int attempt = 1; ; attempt++) {
            if (isClosing()) {
                finish();
                return null;
            }
            int index = (serverIndex + attempt) % servers.size();
            try {
                Connection.Handshake hs = Connection.open(servers.get(index), connectRequest(), connectTimeoutMs());
                if (hs.response().timeOut() <= 0) {
                    hs.connection().close();
                    expire();
                    return null;
                }
                serverIndex = index;
                if (established(hs)) {
                    return hs.connection();
                }
                hs.connection().close();
                finish();
                return null;
            } catch (IOException e) {
                LOG.debug("Reconnect to {} failed: {}", servers.get(index), e.toString());
            }
            if (attempt % servers.size() == 0) {
                try {
                    closeSignal.await(pauseMs, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    finish();
                    return null;
                }
                pauseMs = Math.min(1000, pauseMs * 2);
            }
        }
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    private void expire() {
        synchronized (lock) {
            expired = true;
            state = ClientState.CLOSED;
        }
        watches.clear();
        LOG.info("Session 0x{} expired", Long.toHexString(sessionId));
        deliver(new WatchedEvent(EventType.None, KeeperState.Expired, null));
        finish();
    }

    /** Stops the client for good: once, from whichever path gets here first. */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        boolean userClosed;
        synchronized (lock) {
            if (state != ClientState.AUTH_FAILED) {
                state = ClientState.CLOSED;
            }
            if (conn != null) {
                conn.close();
                conn = null;
            }
            userClosed = closing;
        }
        timer.shutdownNow();
        if (userClosed) {
            deliver(new WatchedEvent(EventType.None, KeeperState.Closed, null));
        }
        post(() -> closed.complete(null));
        events.shutdown();
    }

    // ---- internals: the event thread ----

    /** Runs on the event thread, in order; if that thread is gone, runs here so that no future is left hanging. */
    private void post(Runnable r) {
        try {
            events.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    private void deliver(WatchedEvent e) {
        try {
            events.execute(() -> callWatcher(e));
        } catch (RejectedExecutionException ignored) {
            // The client has finished; nobody is listening any more.
        }
    }

    private void callWatcher(WatchedEvent e) {
        try {
            watcher.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("Watcher threw on {}", e, ex);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
