package io.warden.server.state;

/**
 * Switches of the state machine that every replica must agree on.
 *
 * @param extendedTypesEnabled ZooKeeper's {@code zookeeper.extendedTypesEnabled}: TTL nodes are allowed
 *                             (without it createTTL answers UNIMPLEMENTED, as ZooKeeper does)
 */
public record StateOptions(boolean extendedTypesEnabled) {
    public static final StateOptions DEFAULT = new StateOptions(false);
}
