package io.warden.api.txn;

import io.warden.api.data.Id;
import java.util.List;

/**
 * One entry of the replicated transaction log: a write as the leader ordered it. The state machine
 * decides its outcome when it applies it, from the tree as it stands at that zxid, so every replica
 * that applies the same sequence reaches the same tree and the same results.
 *
 * @param zxid      (epoch << 32) | counter, assigned by the leader
 * @param time      the leader's wall clock in ms when it ordered the write (becomes ctime/mtime)
 * @param sessionId the session that sent it (0 for server-initiated txns such as container cleanup)
 * @param cxid      the client's xid, so the server holding the connection can answer it
 * @param type      an {@link io.warden.api.proto.OpCode}: CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL,
 *                  DELETE, DELETE_CONTAINER, SET_DATA, SET_ACL, CHECK, MULTI, CREATE_SESSION, CLOSE_SESSION
 * @param auth      the identities the sender's connection had authenticated (ACL checks, "auth" ACLs)
 * @param body      the request: CreateRequest / CreateTTLRequest (create ops), DeleteRequest (DELETE and
 *                  DELETE_CONTAINER), SetDataRequest, SetACLRequest, CheckVersionRequest, MultiRequest,
 *                  CreateSessionTxn, or null for CLOSE_SESSION
 */
public record Txn(long zxid, long time, long sessionId, int cxid, int type, List<Id> auth, Object body) {
}
