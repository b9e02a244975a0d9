package io.warden.server.recipes;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Stat;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.Code;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateResponse;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.ExistsRequest;
import io.warden.api.proto.ExistsResponse;
import io.warden.api.proto.GetChildren2Request;
import io.warden.api.proto.GetChildren2Response;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiOpResult;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.MultiResponse;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.SetDataResponse;
import io.warden.recipe.Op;
import io.warden.recipe.OpResult;
import io.warden.recipe.ReadResult;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.WriteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe SPI's commands as the requests a client would send (opcode and jute record), and a client's answers as
 * the SPI's results: the one place where the two meet.
 */
final class Requests {
    private Requests() {
    }

    /** A request as a connection would submit it. */
    record Wire(int type, JuteRecord body) {
    }

    static Wire of(TreeCommand.Read read) {
        if (read instanceof TreeCommand.GetData) {
            return new Wire(OpCode.GET_DATA, new GetDataRequest(read.path(), false));
        }
        if (read instanceof TreeCommand.GetChildren) {
            return new Wire(OpCode.GET_CHILDREN2, new GetChildren2Request(read.path(), false));
        }
        return new Wire(OpCode.EXISTS, new ExistsRequest(read.path(), false));
    }

    static Wire of(TreeCommand.Write write) {
        if (write instanceof TreeCommand.Create c) {
            return create(c.path(), c.data(), c.acl(), c.mode(), c.ttl());
        }
        if (write instanceof TreeCommand.SetData s) {
            return new Wire(OpCode.SET_DATA, new SetDataRequest(s.path(), data(s.data()), s.version()));
        }
        if (write instanceof TreeCommand.Delete d) {
            return new Wire(OpCode.DELETE, new DeleteRequest(d.path(), d.version()));
        }
        TreeCommand.Multi m = (TreeCommand.Multi) write;
        List<MultiOp> ops = new ArrayList<>(m.ops().size());
        for (Op op : m.ops()) {
            Wire w = of(op);
            ops.add(new MultiOp(w.type(), w.body()));
        }
        return new Wire(OpCode.MULTI, new MultiRequest(ops));
    }

    private static Wire of(Op op) {
        if (op instanceof Op.Create c) {
            return create(c.path(), c.data(), c.acl(), c.mode(), c.ttl());
        }
        if (op instanceof Op.SetData s) {
            return new Wire(OpCode.SET_DATA, new SetDataRequest(s.path(), data(s.data()), s.version()));
        }
        if (op instanceof Op.Delete d) {
            return new Wire(OpCode.DELETE, new DeleteRequest(d.path(), d.version()));
        }
        Op.Check c = (Op.Check) op;
        return new Wire(OpCode.CHECK, new CheckVersionRequest(c.path(), c.version()));
    }

    /** Every path a write would change, to hold it to the instance's root. */
    static List<String> paths(TreeCommand.Write write) {
        if (write instanceof TreeCommand.Create c) {
            return List.of(c.path());
        }
        if (write instanceof TreeCommand.SetData s) {
            return List.of(s.path());
        }
        if (write instanceof TreeCommand.Delete d) {
            return List.of(d.path());
        }
        return ((TreeCommand.Multi) write).ops().stream().map(Op::path).toList();
    }

    private static Wire create(String path, byte[] data, List<io.warden.api.data.ACL> acl, CreateMode mode, long ttl) {
        int flags = mode == null ? -1 : mode.flag();
        if (mode != null && mode.isTTL()) {
            return new Wire(OpCode.CREATE_TTL, new CreateTTLRequest(path, data(data), acl, flags, ttl));
        }
        return new Wire(mode != null && mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE2,
                new CreateRequest(path, data(data), acl, flags));
    }

    private static byte[] data(byte[] data) {
        return data == null ? new byte[0] : data;
    }

    static ReadResult readResult(TreeCommand.Read request, int err, JuteRecord body, long zxid) {
        if (err != 0) {
            if (request instanceof TreeCommand.Exists && err == Code.NONODE.intValue()) {
                return new ReadResult.NodeStat(request, null, zxid);
            }
            return new ReadResult.Failed(request, code(err), zxid);
        }
        if (body instanceof GetDataResponse r) {
            return new ReadResult.NodeData(request, r.data(), r.stat(), zxid);
        }
        if (body instanceof GetChildren2Response r) {
            return new ReadResult.Children(request, List.copyOf(r.children()), r.stat(), zxid);
        }
        if (body instanceof ExistsResponse r) {
            return new ReadResult.NodeStat(request, r.stat(), zxid);
        }
        return new ReadResult.Failed(request, Code.MARSHALLINGERROR, zxid);
    }

    static WriteResult writeResult(TreeCommand.Write request, int err, JuteRecord body, long zxid) {
        if (err != 0) {
            return new WriteResult.Failed(request, code(err), List.of(), zxid);
        }
        if (request instanceof TreeCommand.Multi) {
            return multiResult(request, body instanceof MultiResponse m ? m.results() : List.of(), zxid);
        }
        if (body instanceof Create2Response r) {
            return new WriteResult.Created(request, r.path(), r.stat(), zxid);
        }
        if (body instanceof CreateResponse r) {
            return new WriteResult.Created(request, r.path(), null, zxid);
        }
        if (body instanceof SetDataResponse r) {
            return new WriteResult.DataSet(request, r.stat(), zxid);
        }
        if (body == null && request instanceof TreeCommand.Delete) {
            return new WriteResult.Deleted(request, zxid);
        }
        return new WriteResult.Failed(request, Code.MARSHALLINGERROR, List.of(), zxid);
    }

    private static WriteResult multiResult(TreeCommand.Write request, List<MultiOpResult> results, long zxid) {
        List<OpResult> out = new ArrayList<>(results.size());
        Code failure = null;
        for (MultiOpResult r : results) {
            if (r.type() == OpCode.ERROR) {
                Code c = code(r.err());
                if (failure == null && c != Code.OK && c != Code.RUNTIMEINCONSISTENCY) {
                    failure = c;
                }
                out.add(new OpResult.Error(c));
                continue;
            }
            out.add(opResult(r));
        }
        if (failure != null) {
            return new WriteResult.Failed(request, failure, List.copyOf(out), zxid);
        }
        return new WriteResult.MultiDone(request, List.copyOf(out), zxid);
    }

    private static OpResult opResult(MultiOpResult r) {
        JuteRecord body = r.body();
        if (body instanceof Create2Response c) {
            return new OpResult.Created(c.path(), c.stat());
        }
        if (body instanceof CreateResponse c) {
            return new OpResult.Created(c.path(), (Stat) null);
        }
        if (body instanceof SetDataResponse s) {
            return new OpResult.DataSet(s.stat());
        }
        return r.type() == OpCode.CHECK ? new OpResult.Checked() : new OpResult.Deleted();
    }

    private static Code code(int err) {
        Code c = Code.of(err);
        return c == null ? Code.SYSTEMERROR : c;
    }
}
