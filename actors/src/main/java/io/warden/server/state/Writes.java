package io.warden.server.state;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ErrorResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiOpResult;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.MultiResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetACLResponse;
import io.warden.api.proto.SetDataResponse;
import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides and applies the write txns, checking in the order of ZooKeeper's PrepRequestProcessor so that
 * every error code matches. The leader does no preparation: each replica decides here, from the tree as
 * it stands at the txn's zxid, which gives the same answer everywhere.
 */
final class Writes {
    private final DataTree tree;
    private final Map<Long, Integer> sessions;
    private final boolean extended;

    Writes(DataTree tree, Map<Long, Integer> sessions) {
        this.tree = tree;
        this.sessions = sessions;
        this.extended = tree.extendedTypesEnabled();
    }

    static <T> T body(Txn txn, Class<T> type) throws StateException {
        if (!type.isInstance(txn.body())) {
            throw new StateException(Code.MARSHALLINGERROR);
        }
        return type.cast(txn.body());
    }

    private void requireSession(Txn txn) throws StateException {
        if (!sessions.containsKey(txn.sessionId())) {
            throw new StateException(Code.SESSIONEXPIRED);
        }
    }

    private static List<Id> auth(Txn txn) {
        return txn.auth() == null ? List.of() : txn.auth();
    }

    /** create, create2, createContainer, createTTL (PrepRequestProcessor.pRequest2TxnCreate). */
    JuteRecord create(Txn txn, int type, String path, byte[] data, List<ACL> acl, int flags, long ttl)
            throws StateException {
        CreateMode mode = CreateMode.fromFlag(flags);
        if (mode == null) {
            throw new StateException(Code.BADARGUMENTS);
        }
        if (mode.isTTL() && !extended) {
            throw new StateException(Code.UNIMPLEMENTED);
        }
        if (mode.isTTL() ? !EphemeralKind.isValidTtl(ttl) : ttl >= 0) {
            throw new StateException(Code.BADARGUMENTS);
        }
        if (type == OpCode.CREATE_TTL && !mode.isTTL()) {
            // ZooKeeper lets this through and then fails applying it; a replica must answer instead.
            throw new StateException(Code.BADARGUMENTS);
        }
        requireSession(txn);
        String parentPath = Paths.parentForCreate(path);
        List<ACL> fixed = Acls.fixup(acl, auth(txn));
        Znode parent = tree.get(parentPath);
        if (parent == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(parent.acl, Perms.CREATE, auth(txn));
        if (mode.isSequential()) {
            path = path + sequenceSuffix(parent.cversion);
        }
        Paths.validate(path);
        if (tree.get(path) != null) {
            throw new StateException(Code.NODEEXISTS);
        }
        if (tree.kind(parent) == EphemeralKind.NORMAL) {
            throw new StateException(Code.NOCHILDRENFOREPHEMERALS);
        }
        // The node's kind follows the opcode (createContainer, createTTL) or the ephemeral flag, as the
        // txn ZooKeeper logs for each opcode does: a plain create with the container flag is persistent.
        long owner;
        if (type == OpCode.CREATE_CONTAINER) {
            owner = EphemeralKind.CONTAINER_OWNER;
        } else if (type == OpCode.CREATE_TTL) {
            owner = EphemeralKind.ttlOwner(ttl);
        } else {
            owner = mode.isEphemeral() ? txn.sessionId() : 0;
        }
        Znode n = tree.create(path, data, fixed, owner, txn.zxid(), txn.time());
        return type == OpCode.CREATE ? new CreateResponse(path) : new Create2Response(path, n.stat(extended));
    }

    void delete(Txn txn, DeleteRequest r) throws StateException {
        requireSession(txn);
        String parentPath = Paths.parentForDelete(r.path());
        Znode parent = tree.get(parentPath);
        if (parent == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(parent.acl, Perms.DELETE, auth(txn));
        Znode n = tree.get(r.path());
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        checkVersion(n.version, r.version());
        if (n.childCount() > 0) {
            throw new StateException(Code.NOTEMPTY);
        }
        tree.delete(r.path(), txn.zxid());
    }

    /**
     * The leader's cleanup of an empty container or an expired TTL node. Unlike ZooKeeper, the candidate
     * is checked again here, since a client may have touched it after the leader chose it.
     */
    void deleteContainer(Txn txn, DeleteRequest r) throws StateException {
        Paths.parentForDelete(r.path());
        Znode n = tree.get(r.path());
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        if (n.childCount() > 0) {
            throw new StateException(Code.NOTEMPTY);
        }
        boolean due = switch (tree.kind(n)) {
            case CONTAINER -> n.cversion > 0;
            case TTL -> ttlExpired(n, txn.time());
            default -> false;
        };
        if (!due) {
            throw new StateException(Code.BADVERSION);
        }
        tree.delete(r.path(), txn.zxid());
    }

    /** ContainerManager's rule: a TTL node expires when more than its TTL has passed since its mtime. */
    static boolean ttlExpired(Znode n, long now) {
        long ttl = EphemeralKind.ttlOf(n.ephemeralOwner);
        return ttl != 0 && now - n.mtime > ttl;
    }

    SetDataResponse setData(Txn txn, SetDataRequest r) throws StateException {
        requireSession(txn);
        Paths.validate(r.path());
        Znode n = tree.get(r.path());
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(n.acl, Perms.WRITE, auth(txn));
        int version = checkVersion(n.version, r.version());
        return new SetDataResponse(tree.setData(r.path(), r.data(), version, txn.zxid(), txn.time()).stat(extended));
    }

    SetACLResponse setAcl(Txn txn, SetACLRequest r) throws StateException {
        requireSession(txn);
        Paths.validate(r.path());
        List<ACL> fixed = Acls.fixup(r.acl(), auth(txn));
        Znode n = tree.get(r.path());
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(n.acl, Perms.ADMIN, auth(txn));
        int aversion = checkVersion(n.aversion, r.version());
        return new SetACLResponse(tree.setAcl(r.path(), fixed, aversion).stat(extended));
    }

    void check(Txn txn, CheckVersionRequest r) throws StateException {
        requireSession(txn);
        Paths.validate(r.path());
        Znode n = tree.get(r.path());
        if (n == null) {
            throw new StateException(Code.NONODE);
        }
        Acls.check(n.acl, Perms.READ, auth(txn));
        checkVersion(n.version, r.version());
    }

    private static int checkVersion(int current, int expected) throws StateException {
        if (expected != -1 && expected != current) {
            throw new StateException(Code.BADVERSION);
        }
        return current + 1;
    }

    /**
     * All or nothing. On failure the tree is rolled back and each result is an error: 0 for the ops before
     * the failing one, its code for it, RUNTIMEINCONSISTENCY for the rest (DataTree.processTxn).
     */
    MultiResponse multi(Txn txn, MultiRequest m) throws StateException {
        List<MultiOp> ops = new ArrayList<>(m.ops() == null ? List.of() : m.ops());
        for (int i = 0; i < ops.size(); i++) {
            ops.set(i, normalize(ops.get(i)));
        }
        int mark = tree.begin();
        List<MultiOpResult> results = new ArrayList<>(ops.size());
        int failed = -1;
        Code failure = null;
        try {
            for (int i = 0; i < ops.size() && failed < 0; i++) {
                try {
                    results.add(applyOp(txn, ops.get(i)));
                } catch (StateException e) {
                    failed = i;
                    failure = e.code();
                }
            }
        } finally {
            if (failed < 0) {
                tree.commit();
            } else {
                tree.rollback(mark);
            }
        }
        if (failed < 0) {
            return new MultiResponse(results);
        }
        List<MultiOpResult> errors = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            int code = i < failed ? Code.OK.intValue()
                    : i == failed ? failure.intValue() : Code.RUNTIMEINCONSISTENCY.intValue();
            errors.add(new MultiOpResult(OpCode.ERROR, code, new ErrorResponse(code)));
        }
        return new MultiResponse(errors);
    }

    private MultiOpResult applyOp(Txn txn, MultiOp op) throws StateException {
        JuteRecord body = switch (op.type()) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> {
                CreateRequest c = (CreateRequest) op.request();
                yield create(txn, op.type(), c.path(), c.data(), c.acl(), c.flags(), -1);
            }
            case OpCode.CREATE_TTL -> {
                CreateTTLRequest c = (CreateTTLRequest) op.request();
                yield create(txn, op.type(), c.path(), c.data(), c.acl(), c.flags(), c.ttl());
            }
            case OpCode.DELETE -> {
                delete(txn, (DeleteRequest) op.request());
                yield null;
            }
            case OpCode.SET_DATA -> setData(txn, (SetDataRequest) op.request());
            case OpCode.CHECK -> {
                check(txn, (CheckVersionRequest) op.request());
                yield null;
            }
            default -> throw new IllegalStateException("normalize let op " + op.type() + " through");
        };
        // ZooKeeper's CreateResult(path, stat) always says create2, also for container and TTL creates.
        int type = op.type() == OpCode.CREATE_CONTAINER || op.type() == OpCode.CREATE_TTL ? OpCode.CREATE2 : op.type();
        return new MultiOpResult(type, 0, body);
    }

    /**
     * The op as ZooKeeper's MultiOperationRecord decodes it: a create's opcode follows its mode (container,
     * TTL), a createTTL without a TTL mode becomes a plain create; an undecodable op or a read op fails the
     * whole multi with MARSHALLINGERROR.
     */
    private static MultiOp normalize(MultiOp op) throws StateException {
        Object r = op.request();
        switch (op.type()) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> {
                if (!(r instanceof CreateRequest c)) {
                    break;
                }
                CreateMode mode = CreateMode.fromFlag(c.flags());
                if (mode == null) {
                    break;
                }
                if (mode.isTTL()) {
                    return new MultiOp(OpCode.CREATE_TTL,
                            new CreateTTLRequest(c.path(), c.data(), c.acl(), c.flags(), -1));
                }
                return mode.isContainer() ? new MultiOp(OpCode.CREATE_CONTAINER, c) : op;
            }
            case OpCode.CREATE_TTL -> {
                if (!(r instanceof CreateTTLRequest c)) {
                    break;
                }
                CreateMode mode = CreateMode.fromFlag(c.flags());
                if (mode != null && mode.isTTL()) {
                    return op;
                }
                return new MultiOp(OpCode.CREATE, new CreateRequest(c.path(), c.data(), c.acl(), c.flags()));
            }
            case OpCode.DELETE -> {
                if (r instanceof DeleteRequest) {
                    return op;
                }
            }
            case OpCode.SET_DATA -> {
                if (r instanceof SetDataRequest) {
                    return op;
                }
            }
            case OpCode.CHECK -> {
                if (r instanceof CheckVersionRequest) {
                    return op;
                }
            }
            default -> {
            }
        }
        throw new StateException(Code.MARSHALLINGERROR);
    }

    /**
     * ZooKeeper's {@code String.format("%010d", cversion)} without the Formatter: every create runs on the state
     * machine, the one serial stage, and the Formatter's pattern parsing was 3.7 % of its time.
     */
    static String sequenceSuffix(int cversion) {
        if (cversion < 0) {
            // %010d keeps the sign first and pads the whole field to ten characters.
            String digits = Long.toString(-(long) cversion);
            return "-" + "0".repeat(Math.max(0, 9 - digits.length())) + digits;
        }
        String digits = Integer.toString(cversion);
        return digits.length() >= 10 ? digits : "0000000000".substring(digits.length()) + digits;
    }
}
