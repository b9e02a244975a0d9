package io.warden.api.proto;

import io.warden.api.jute.JuteRecord;

/**
 * One result inside a multi response. {@code type} is the op's opcode, or -1 for an error result;
 * {@code err} is the code ZooKeeper puts in the MultiHeader; {@code body} is the result record
 * (CreateResponse, Create2Response, SetDataResponse, GetDataResponse, GetChildrenResponse,
 * ErrorResponse) or null for ops whose result has no body (delete, check).
 */
public record MultiOpResult(int type, int err, JuteRecord body) {
}
