package io.warden.server.state;

import io.warden.api.data.EventType;

/**
 * A node created, changed or deleted by an applied txn, in the order the txn made them: what a subscriber to the tree's
 * committed changes is told (children changes are implied by these and left out).
 */
public record TreeChange(EventType type, String path) {
}
