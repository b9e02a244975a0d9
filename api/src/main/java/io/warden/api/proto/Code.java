package io.warden.api.proto;

import java.util.HashMap;
import java.util.Map;

/** Result codes, numerically identical to ZooKeeper's {@code KeeperException.Code}. */
public enum Code {
    OK(0),
    SYSTEMERROR(-1),
    RUNTIMEINCONSISTENCY(-2),
    DATAINCONSISTENCY(-3),
    CONNECTIONLOSS(-4),
    MARSHALLINGERROR(-5),
    UNIMPLEMENTED(-6),
    OPERATIONTIMEOUT(-7),
    BADARGUMENTS(-8),
    UNKNOWNSESSION(-12),
    NEWCONFIGNOQUORUM(-13),
    RECONFIGINPROGRESS(-14),
    APIERROR(-100),
    NONODE(-101),
    NOAUTH(-102),
    BADVERSION(-103),
    NOCHILDRENFOREPHEMERALS(-108),
    NODEEXISTS(-110),
    NOTEMPTY(-111),
    SESSIONEXPIRED(-112),
    INVALIDCALLBACK(-113),
    INVALIDACL(-114),
    AUTHFAILED(-115),
    SESSIONMOVED(-118),
    NOTREADONLY(-119),
    EPHEMERALONLOCALSESSION(-120),
    NOWATCHER(-121),
    REQUESTTIMEOUT(-122),
    RECONFIGDISABLED(-123),
    SESSIONCLOSEDREQUIRESASLAUTH(-124),
    QUOTAEXCEEDED(-125),
    THROTTLEDOP(-127);

    private static final Map<Integer, Code> BY_VALUE = new HashMap<>();

    static {
        for (Code c : values()) {
            BY_VALUE.put(c.value, c);
        }
    }

    private final int value;

    Code(int value) {
        this.value = value;
    }

    public int intValue() {
        return value;
    }

    /** The code with this number, or null for a number ZooKeeper does not define. */
    public static Code of(int value) {
        return BY_VALUE.get(value);
    }
}
