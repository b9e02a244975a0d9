package io.warden.cli.tools;

import static io.warden.cli.tools.Texts.acl;
import static io.warden.cli.tools.Texts.hex;
import static io.warden.cli.tools.Texts.mode;

import io.warden.api.data.Id;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.CreateTTLRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetACLRequest;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import java.util.StringJoiner;

/** One transaction as one line, in the spirit of ZooKeeper's TxnLogToolkit: header fields, then the body. */
final class TxnFormat {
    private TxnFormat() {
    }

    static String line(Txn txn) {
        StringBuilder b = new StringBuilder();
        b.append("zxid ").append(hex(txn.zxid()))
                .append(" time ").append(Texts.time(txn.time()))
                .append(" session ").append(hex(txn.sessionId()))
                .append(" cxid ").append(hex(txn.cxid()))
                .append(' ').append(OpCode.name(txn.type()));
        String body = body(txn.body());
        if (!body.isEmpty()) {
            b.append(' ').append(body);
        }
        if (txn.auth() != null && !txn.auth().isEmpty()) {
            StringJoiner j = new StringJoiner(",", " auth=[", "]");
            for (Id id : txn.auth()) {
                j.add(id.scheme() + ":" + id.id());
            }
            b.append(j);
        }
        return b.toString();
    }

    static String body(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof CreateRequest r) {
            return r.path() + " data=" + length(r.data()) + " acl=" + acl(r.acl()) + " mode=" + mode(r.flags());
        }
        if (body instanceof CreateTTLRequest r) {
            return r.path() + " data=" + length(r.data()) + " acl=" + acl(r.acl()) + " mode=" + mode(r.flags())
                    + " ttl=" + r.ttl();
        }
        if (body instanceof DeleteRequest r) {
            return r.path() + " version=" + r.version();
        }
        if (body instanceof SetDataRequest r) {
            return r.path() + " data=" + length(r.data()) + " version=" + r.version();
        }
        if (body instanceof SetACLRequest r) {
            return r.path() + " acl=" + acl(r.acl()) + " version=" + r.version();
        }
        if (body instanceof CheckVersionRequest r) {
            return r.path() + " version=" + r.version();
        }
        if (body instanceof CreateSessionTxn r) {
            return "timeout=" + r.timeOut();
        }
        if (body instanceof MultiRequest r) {
            StringJoiner j = new StringJoiner("; ", "[", "]");
            for (MultiOp op : r.ops()) {
                String inner = body(op.request());
                j.add(OpCode.name(op.type()) + (inner.isEmpty() ? "" : " " + inner));
            }
            return j.toString();
        }
        return body instanceof JuteRecord ? body.toString() : String.valueOf(body);
    }

    private static String length(byte[] data) {
        return data == null ? "null" : data.length + "B";
    }
}
