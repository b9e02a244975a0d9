package io.warden.testkit.sim;

import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.Txn;
import io.warden.server.zab.Notification;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ZabMessage;
import java.util.List;

/** Trace text for messages and txns: short, and free of anything that differs between runs (no identity hashes). */
final class Describe {
    private Describe() {
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String txn(Txn t) {
        String what = switch (t.type()) {
            case OpCode.CREATE -> "create " + ((CreateRequest) t.body()).path()
                    + (((CreateRequest) t.body()).flags() == 1 ? " (ephemeral)" : "");
            case OpCode.DELETE -> "delete " + ((DeleteRequest) t.body()).path();
            case OpCode.SET_DATA -> "set " + ((SetDataRequest) t.body()).path();
            case OpCode.CREATE_SESSION -> "createSession";
            case OpCode.CLOSE_SESSION -> "closeSession";
            default -> "op" + t.type();
        };
        return hex(t.zxid()) + " " + what + " s=" + hex(t.sessionId()) + " c=" + t.cxid();
    }

    static String zxids(List<Txn> txns) {
        if (txns.isEmpty()) {
            return "[]";
        }
        if (txns.size() == 1) {
            return "[" + hex(txns.get(0).zxid()) + "]";
        }
        return "[" + hex(txns.get(0).zxid()) + ".." + hex(txns.get(txns.size() - 1).zxid()) + " (" + txns.size() + ")]";
    }

    static String vote(Notification n) {
        return "vote(" + n.vote().leader() + ", " + hex(n.vote().zxid()) + ", e" + n.vote().peerEpoch() + ") round "
                + n.electionEpoch() + " " + n.state();
    }

    static String packet(Packet p) {
        return "e" + p.epoch() + "#" + p.seq() + " " + body(p.body());
    }

    private static String body(ZabMessage m) {
        if (m instanceof ZabMessage.FollowerInfo f) {
            return "FollowerInfo(accepted " + f.acceptedEpoch() + ", last " + hex(f.lastZxid()) + ", session " + f.session() + ")";
        } else if (m instanceof ZabMessage.LeaderInfo l) {
            return "LeaderInfo(" + l.newEpoch() + ", session " + l.session() + ")";
        } else if (m instanceof ZabMessage.AckEpoch a) {
            return "AckEpoch(" + a.currentEpoch() + ", " + hex(a.lastZxid()) + ")";
        } else if (m instanceof ZabMessage.Diff d) {
            return "Diff" + zxids(d.txns());
        } else if (m instanceof ZabMessage.Trunc t) {
            return "Trunc(" + hex(t.zxid()) + ")";
        } else if (m instanceof ZabMessage.Snap s) {
            return "Snap(" + hex(s.zxid()) + ")";
        } else if (m instanceof ZabMessage.NewLeader n) {
            return "NewLeader(" + hex(n.zxid()) + ")";
        } else if (m instanceof ZabMessage.AckNewLeader a) {
            return "AckNewLeader(" + hex(a.zxid()) + ")";
        } else if (m instanceof ZabMessage.Proposal p) {
            return "Proposal(" + hex(p.zxid()) + ")";
        } else if (m instanceof ZabMessage.Ack a) {
            return "Ack(" + hex(a.zxid()) + ")";
        } else if (m instanceof ZabMessage.Commit c) {
            return "Commit(" + hex(c.zxid()) + ")";
        } else if (m instanceof ZabMessage.Inform i) {
            return "Inform(" + hex(i.txn().zxid()) + ")";
        }
        return m.getClass().getSimpleName();
    }
}
