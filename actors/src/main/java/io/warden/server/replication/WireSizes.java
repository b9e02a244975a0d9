package io.warden.server.replication;

import io.warden.api.jute.JuteOutput;
import io.warden.api.txn.Txn;
import io.warden.api.txn.TxnCodec;
import io.warden.server.zab.Packet;
import io.warden.server.zab.ZabMessage;

/**
 * About how many bytes a peer message takes on the wire: exact for what can be large (transactions, snapshots), a
 * generous constant for the small fixed parts. The Peer cuts its batches and fragments its messages by it.
 */
final class WireSizes {
    /** Header room per message or packet (sender, epoch, seq, kind, counts), more than they take. */
    private static final int OVERHEAD = 64;

    private final JuteOutput scratch = new JuteOutput(4096);
    /** A proposal goes to every follower: its transaction is measured once. */
    private Txn lastTxn;
    private int lastTxnBytes;

    int of(PeerMessage m) {
        if (m instanceof PeerMessage.ZabPacket p) {
            return of(p.packet());
        } else if (m instanceof PeerMessage.ZabPackets b) {
            long sum = OVERHEAD;
            for (Packet p : b.packets()) {
                sum += of(p);
            }
            return clamp(sum);
        } else if (m instanceof PeerMessage.Batch b) {
            long sum = OVERHEAD;
            for (PeerMessage part : b.parts()) {
                sum += of(part);
            }
            return clamp(sum);
        } else if (m instanceof PeerMessage.ForwardedWrite w) {
            return OVERHEAD + of(w.request());
        } else if (m instanceof PeerMessage.Touches t) {
            return clamp(OVERHEAD + 12L * t.sessionIds().length);
        } else if (m instanceof PeerMessage.SyncRequest s) {
            return clamp(OVERHEAD + 3L * s.path().length());
        } else if (m instanceof PeerMessage.SyncPoint s) {
            return clamp(OVERHEAD + 3L * s.path().length());
        } else if (m instanceof PeerMessage.Fragment f) {
            return clamp(OVERHEAD + 3L * f.manifest().length() + f.bytes().length);
        }
        return OVERHEAD;
    }

    private int of(Packet p) {
        ZabMessage body = p.body();
        if (body instanceof ZabMessage.Proposal pr) {
            return OVERHEAD + of(pr.txn());
        } else if (body instanceof ZabMessage.Inform in) {
            return OVERHEAD + of(in.txn());
        } else if (body instanceof ZabMessage.Snap s) {
            return clamp(OVERHEAD + (long) s.length());
        } else if (body instanceof ZabMessage.Diff d) {
            long sum = OVERHEAD;
            for (Txn t : d.txns()) {
                sum += 4 + of(t);
            }
            return clamp(sum);
        }
        return OVERHEAD;
    }

    /** {@code t} encodes to {@code bytes} (its log entry was just made): saves measuring it again. */
    void remember(Txn t, int bytes) {
        lastTxn = t;
        lastTxnBytes = bytes;
    }

    private int of(Txn t) {
        if (t != lastTxn) {
            scratch.reset();
            TxnCodec.write(t, scratch);
            lastTxn = t;
            lastTxnBytes = scratch.size();
        }
        return lastTxnBytes;
    }

    private static int clamp(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
