package io.warden.server.state;

/**
 * What a znode's stored ephemeralOwner means, as ZooKeeper's EphemeralType: 0 is a plain persistent node,
 * Long.MIN_VALUE a container, 0xFF00_0000_0000_0000 | ttl a TTL node (only when extended types are enabled),
 * anything else the id of the session owning an ephemeral node.
 */
enum EphemeralKind {
    VOID, NORMAL, CONTAINER, TTL;

    static final long CONTAINER_OWNER = Long.MIN_VALUE;
    private static final long EXTENDED_MASK = 0xff00000000000000L;
    private static final long RESERVED_BITS_MASK = 0x00ffff0000000000L;
    /** Largest TTL in ms (about 34 years). */
    static final long MAX_TTL = ~(EXTENDED_MASK | RESERVED_BITS_MASK);

    static EphemeralKind of(long owner, boolean extendedTypesEnabled) {
        // ZooKeeper throws on an extended owner with unknown feature bits; a replica must not, so such an
        // owner (only a session of server id 255 could produce it) counts as a plain ephemeral owner.
        if (extendedTypesEnabled && (owner & EXTENDED_MASK) == EXTENDED_MASK && (owner & RESERVED_BITS_MASK) == 0) {
            return TTL;
        }
        if (owner == CONTAINER_OWNER) {
            return CONTAINER;
        }
        return owner == 0 ? VOID : NORMAL;
    }

    static boolean isValidTtl(long ttl) {
        return ttl > 0 && ttl <= MAX_TTL;
    }

    static long ttlOwner(long ttl) {
        return EXTENDED_MASK | ttl;
    }

    static long ttlOf(long owner) {
        return owner & MAX_TTL;
    }
}
