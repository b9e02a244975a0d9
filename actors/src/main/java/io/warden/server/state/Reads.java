package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.data.WatcherType;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.AddWatchRequest;
import io.warden.api.proto.CheckWatchesRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.ErrorResponse;
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
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiOpResult;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.MultiResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.RemoveWatchesRequest;
import io.warden.api.proto.SetWatches;
import io.warden.api.proto.SetWatches2;
import java.util.ArrayList;
import java.util.List;

/** The requests a server answers from its own tree (FinalRequestProcessor), registering watches as it goes. */
final class Reads {
    private final DataTree tree;
    private final Watches watches;
    private final boolean extended;

    Reads(DataTree tree, Watches watches) {
        this.tree = tree;
        this.watches = watches;
        this.extended = tree.extendedTypesEnabled();
    }

    private record Result(JuteRecord response, List<Notification> notifications) {
    }

    Served serve(long session, List<Id> auth, int opcode, Object request) {
        List<Id> ids = auth == null ? List.of() : auth;
        try {
            Result r = dispatch(session, ids, opcode, request);
            return new Served(0, r.response(), r.notifications());
        } catch (StateException e) {
            return new Served(e.code().intValue(), null, List.of());
        } catch (ClassCastException e) {
            return new Served(Code.MARSHALLINGERROR.intValue(), null, List.of());
        }
    }

    private Result dispatch(long session, List<Id> auth, int opcode, Object request) throws StateException {
        return switch (opcode) {
            case OpCode.EXISTS -> result(exists(session, auth, (ExistsRequest) request));
            case OpCode.GET_DATA -> {
                GetDataRequest r = (GetDataRequest) request;
                yield result(getData(session, auth, r.path(), r.watch()));
            }
            case OpCode.GET_ACL -> result(getAcl(auth, ((GetACLRequest) request).path()));
            case OpCode.GET_CHILDREN -> {
                GetChildrenRequest r = (GetChildrenRequest) request;
                yield result(new GetChildrenResponse(children(session, auth, r.path(), r.watch())));
            }
            case OpCode.GET_CHILDREN2 -> {
                GetChildren2Request r = (GetChildren2Request) request;
                Znode n = readable(auth, r.path());
                List<String> children = children(session, auth, r.path(), r.watch());
                yield result(new GetChildren2Response(children, n.stat(extended)));
            }
            case OpCode.GET_ALL_CHILDREN_NUMBER -> {
                String path = ((GetAllChildrenNumberRequest) request).path();
                readable(auth, path);
                yield result(new GetAllChildrenNumberResponse(tree.descendants(path)));
            }
            case OpCode.GET_EPHEMERALS -> result(ephemerals(session, (GetEphemeralsRequest) request));
            case OpCode.MULTI_READ -> result(multiRead(session, auth, (MultiRequest) request));
            case OpCode.CHECK_WATCHES -> {
                CheckWatchesRequest r = (CheckWatchesRequest) request;
                if (!watches.contains(r.path(), watcherType(r.type()), session)) {
                    throw new StateException(Code.NOWATCHER);
                }
                yield result(null);
            }
            case OpCode.REMOVE_WATCHES -> {
                // ZooKeeper sends nothing for a removal: the client raises its own *WatchRemoved events.
                RemoveWatchesRequest r = (RemoveWatchesRequest) request;
                if (!watches.remove(r.path(), watcherType(r.type()), session)) {
                    throw new StateException(Code.NOWATCHER);
                }
                yield result(null);
            }
            case OpCode.ADD_WATCH -> {
                AddWatchRequest r = (AddWatchRequest) request;
                AddWatchMode mode = AddWatchMode.of(r.mode());
                if (mode == null || r.path() == null) {
                    throw new StateException(Code.MARSHALLINGERROR);
                }
                watches.addPersistent(r.path(), session, mode == AddWatchMode.PERSISTENT_RECURSIVE);
                yield result(new ErrorResponse(0));
            }
            case OpCode.SET_WATCHES -> {
                SetWatches w = (SetWatches) request;
                yield new Result(null, setWatches(session, w.relativeZxid(), w.dataWatches(), w.existWatches(),
                        w.childWatches(), null, null));
            }
            case OpCode.SET_WATCHES2 -> {
                SetWatches2 w = (SetWatches2) request;
                yield new Result(null, setWatches(session, w.relativeZxid(), w.dataWatches(), w.existWatches(),
                        w.childWatches(), w.persistentWatches(), w.persistentRecursiveWatches()));
            }
            default -> throw new StateException(Code.UNIMPLEMENTED);
        };
    }

    private static Result result(JuteRecord response) {
        return new Result(response, List.of());
    }

    private static String path(String path) throws StateException {
        if (path == null) {
            throw new StateException(Code.BADARGUMENTS);
        }
        return path;
    }

    /** The node, if the session may READ it: NONODE before NOAUTH, as FinalRequestProcessor checks. */
    private Znode readable(List<Id> auth, String path) throws StateException {
        Znode n = tree.get(path(path));
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(n.acl, Perms.READ, auth);
        return n;
    }

    /** exists leaves a watch even on a missing node (it then fires NodeCreated), but not when refused. */
    private ExistsResponse exists(long session, List<Id> auth, ExistsRequest r) throws StateException {
        String path = path(r.path());
        if (path.indexOf('\0') != -1) {
            throw new StateException(Code.BADARGUMENTS);
        }
        Znode n = tree.get(path);
        if (n != null) {
            Acls.check(n.acl, Perms.READ, auth);
        }
        if (r.watch()) {
            watches.data.add(path, session, WatchManager.STANDARD);
        }
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        return new ExistsResponse(n.stat(extended));
    }

    private GetDataResponse getData(long session, List<Id> auth, String path, boolean watch) throws StateException {
        Znode n = readable(auth, path);
        if (watch) {
            watches.data.add(path, session, WatchManager.STANDARD);
        }
        return new GetDataResponse(n.data, n.stat(extended));
    }

    private List<String> children(long session, List<Id> auth, String path, boolean watch) throws StateException {
        Znode n = readable(auth, path);
        if (watch) {
            watches.child.add(path, session, WatchManager.STANDARD);
        }
        return new ArrayList<>(n.children());
    }

    /** getACL needs READ or ADMIN; without ADMIN the digest hashes are masked (ZooKeeper 3.9). */
    private GetACLResponse getAcl(List<Id> auth, String path) throws StateException {
        Znode n = tree.get(path(path));
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(n.acl, Perms.READ | Perms.ADMIN, auth);
        List<ACL> acl = Acls.allowed(n.acl, Perms.ADMIN, auth) ? new ArrayList<>(n.acl) : Acls.maskDigests(n.acl);
        return new GetACLResponse(acl, n.stat(extended));
    }

    private GetEphemeralsResponse ephemerals(long session, GetEphemeralsRequest r) {
        String prefix = r.prefixPath();
        List<String> out = new ArrayList<>();
        boolean all = prefix == null || prefix.trim().isEmpty() || "/".equals(prefix.trim());
        for (String p : tree.ephemerals(session)) {
            if (all || p.startsWith(prefix)) {
                out.add(p);
            }
        }
        return new GetEphemeralsResponse(out);
    }

    /** Each op answers on its own (errors become ErrorResults); multiRead never sets watches. */
    private MultiResponse multiRead(long session, List<Id> auth, MultiRequest m) throws StateException {
        List<MultiOp> ops = m.ops() == null ? List.of() : m.ops();
        for (MultiOp op : ops) {
            boolean ok = op.type() == OpCode.GET_DATA && op.request() instanceof GetDataRequest
                    || op.type() == OpCode.GET_CHILDREN && op.request() instanceof GetChildrenRequest;
            if (!ok) {
                throw new StateException(Code.MARSHALLINGERROR);
            }
        }
        List<MultiOpResult> results = new ArrayList<>(ops.size());
        for (MultiOp op : ops) {
            try {
                JuteRecord body = op.type() == OpCode.GET_DATA
                        ? getData(session, auth, ((GetDataRequest) op.request()).path(), false)
                        : new GetChildrenResponse(children(session, auth, ((GetChildrenRequest) op.request()).path(), false));
                results.add(new MultiOpResult(op.type(), 0, body));
            } catch (StateException e) {
                int code = e.code().intValue();
                results.add(new MultiOpResult(OpCode.ERROR, code, new ErrorResponse(code)));
            }
        }
        return new MultiResponse(results);
    }

    /** DataTree.setWatches: what changed since relativeZxid fires now, the rest is registered again. */
    private List<Notification> setWatches(long session, long relativeZxid, List<String> dataWatches,
                                          List<String> existWatches, List<String> childWatches,
                                          List<String> persistent, List<String> recursive) {
        List<Notification> out = new ArrayList<>();
        for (String p : nonNull(dataWatches)) {
            Znode n = tree.get(p);
            if (n == null) {
                out.add(Watches.event(session, EventType.NodeDeleted, p));
            } else if (n.mzxid > relativeZxid) {
                out.add(Watches.event(session, EventType.NodeDataChanged, p));
            } else {
                watches.data.add(p, session, WatchManager.STANDARD);
            }
        }
        for (String p : nonNull(existWatches)) {
            if (tree.get(p) != null) {
                out.add(Watches.event(session, EventType.NodeCreated, p));
            } else {
                watches.data.add(p, session, WatchManager.STANDARD);
            }
        }
        for (String p : nonNull(childWatches)) {
            Znode n = tree.get(p);
            if (n == null) {
                out.add(Watches.event(session, EventType.NodeDeleted, p));
            } else if (n.pzxid > relativeZxid) {
                out.add(Watches.event(session, EventType.NodeChildrenChanged, p));
            } else {
                watches.child.add(p, session, WatchManager.STANDARD);
            }
        }
        for (String p : nonNull(persistent)) {
            watches.addPersistent(p, session, false);
        }
        for (String p : nonNull(recursive)) {
            watches.addPersistent(p, session, true);
        }
        return out;
    }

    /** Jute lists may be null or hold nulls; neither names a path. */
    private static List<String> nonNull(List<String> l) {
        List<String> out = new ArrayList<>();
        if (l != null) {
            for (String p : l) {
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static WatcherType watcherType(int type) throws StateException {
        WatcherType t = WatcherType.of(type);
        if (t == null) {
            throw new StateException(Code.MARSHALLINGERROR);
        }
        return t;
    }
}
