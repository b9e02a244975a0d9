package io.warden.server.state;

import io.warden.api.jute.JuteRecord;
import java.util.List;

/**
 * The outcome of a read-side request served from this replica's tree.
 *
 * @param response the response record (a JuteRecord, or a MultiResponse for multiRead), or null
 * @param notifications events that setWatches fires at once for changes the client missed
 */
public record Served(int err, JuteRecord response, List<Notification> notifications) {
}
