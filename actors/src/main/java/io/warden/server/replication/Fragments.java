package io.warden.server.replication;

import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts messages larger than one transport frame into {@link PeerMessage.Fragment}s and puts them back together. The
 * transport's frames stay small (Artery keeps a pool of direct buffers of the largest frame size per link, and drops
 * a message that does not fit), while a snapshot or a diff for a lagging server can be any size.
 *
 * <p>Pieces from one sender arrive in order or not at all (one link, FIFO, at most once), so a piece that does not
 * continue the message being assembled means one went missing: the partial message is dropped, and Zab notices the
 * lost packet by its sequence number and synchronises the follower again.
 */
final class Fragments {
    /** The most a transport message carries: a fragment's bytes, and what the outbox puts into one batch. */
    static final int MAX_BYTES = 1 << 20;

    private final Map<Long, Partial> partials = new HashMap<>();

    /**
     * {@code m}, already known to be larger than {@code max} bytes, as pieces of at most {@code max} bytes.
     * {@code sizeHint} (about its encoded size) saves growing a snapshot-sized array by doubling.
     */
    static List<PeerMessage.Fragment> split(PeerMessage m, int max, int sizeHint) {
        byte[] whole = PeerSerializer.encode(m, sizeHint);
        String manifest = PeerSerializer.manifestOf(m);
        List<PeerMessage.Fragment> out = new ArrayList<>(whole.length / max + 1);
        for (int off = 0; off < whole.length; off += max) {
            out.add(new PeerMessage.Fragment(m.from(), manifest, whole.length, off,
                    Arrays.copyOfRange(whole, off, Math.min(whole.length, off + max))));
        }
        return out;
    }

    /**
     * Takes the next piece from its sender.
     *
     * @return the whole message once its last piece is in, else null (also when the piece does not continue what
     *         was being assembled, which is then dropped)
     * @throws NotSerializableException when the assembled bytes do not decode
     */
    PeerMessage accept(PeerMessage.Fragment f) throws NotSerializableException {
        Partial p = partials.get(f.from());
        if (f.offset() == 0) {
            p = new Partial(f.manifest(), f.total());
            partials.put(f.from(), p);
        } else if (p == null || p.filled != f.offset() || p.total != f.total() || !p.manifest.equals(f.manifest())) {
            partials.remove(f.from());
            return null;
        }
        p.append(f.bytes());
        if (p.filled < p.total) {
            return null;
        }
        partials.remove(f.from());
        return PeerSerializer.decode(p.bytes, p.manifest);
    }

    /** Forgets what {@code sid} was sending (its process is gone, or it started over). */
    void drop(long sid) {
        partials.remove(sid);
    }

    /** A message being assembled; its array grows with what arrives, not with what the first piece claims. */
    private static final class Partial {
        final String manifest;
        final int total;
        byte[] bytes;
        int filled;

        Partial(String manifest, int total) {
            this.manifest = manifest;
            this.total = total;
            this.bytes = new byte[Math.min(total, 2 * MAX_BYTES)];
        }

        void append(byte[] piece) {
            if (filled + piece.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(total, Math.max(2L * bytes.length, filled + piece.length)));
            }
            System.arraycopy(piece, 0, bytes, filled, piece.length);
            filled += piece.length;
        }
    }
}
