package io.warden.server.zab;

import io.warden.api.txn.Txn;
import java.util.ArrayList;
import java.util.List;

/** Small builders for protocol tests. */
final class Txns {
    private Txns() {
    }

    static long z(long epoch, long counter) {
        return Zxids.make(epoch, counter);
    }

    static Txn txn(long zxid) {
        return new Txn(zxid, 0, 1, (int) zxid, 5, List.of(), "t" + Long.toHexString(zxid));
    }

    static List<Txn> txns(long epoch, long from, long to) {
        List<Txn> out = new ArrayList<>();
        for (long c = from; c <= to; c++) {
            out.add(txn(z(epoch, c)));
        }
        return out;
    }

    /** The messages sent to {@code to}, in order. */
    static List<ZabMessage> sentTo(long to, List<ZabEffect> effects) {
        List<ZabMessage> out = new ArrayList<>();
        for (ZabEffect e : effects) {
            if (e instanceof ZabEffect.Send s && s.to() == to) {
                out.add(s.packet().body());
            }
        }
        return out;
    }

    static <T> List<T> only(Class<T> type, List<ZabEffect> effects) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
