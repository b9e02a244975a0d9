package io.warden.server.state;

import io.warden.api.jute.JuteRecord;
import java.util.List;

/**
 * The outcome of one committed txn.
 *
 * @param err            the ReplyHeader error code (0 for a multi even when one of its ops failed, as
 *                       ZooKeeper: the failure is inside the MultiResponse)
 * @param response       CreateResponse, Create2Response, SetDataResponse, SetACLResponse, MultiResponse,
 *                       or null (delete, check, sessions, errors)
 * @param notifications  watch events for sessions watching on this server, in delivery order
 * @param closedSessions sessions this txn closed (CLOSE_SESSION), so their connections can be dropped
 * @param changes        nodes created, changed and deleted, in order; empty unless the database tracks changes
 * @param closedEphemerals the ephemerals the closed session owned, deleted by this txn; empty unless tracking
 */
public record Applied(long zxid, long sessionId, int cxid, int type, int err, JuteRecord response,
                      List<Notification> notifications, List<Long> closedSessions, List<TreeChange> changes,
                      List<String> closedEphemerals) {
}
