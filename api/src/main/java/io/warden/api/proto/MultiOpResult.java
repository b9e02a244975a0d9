package io.warden.api.proto;

import io.warden.api.jute.JuteRecord;

/**
 * One result inside a multi response. {@code type} is the op's opcode, or -1 for an error result;
 * {@code err} is the code ZooKeeper puts in the MultiHeader (the error code for an error result, else 0);
 * {@code body} is the result record (CreateResponse, Create2Response, SetDataResponse, GetDataResponse,
 * GetChildrenResponse, ErrorResponse) or null for ops whose result has no body (delete, check).
 * Build them with the factories, which keep {@code err} consistent with the body.
 */
public record MultiOpResult(int type, int err, JuteRecord body) {
    /** A successful result of the given op type; body null for delete and check. */
    public static MultiOpResult ok(int type, JuteRecord body) {
        return new MultiOpResult(type, 0, body);
    }

    /** An error result (type -1) carrying the code, which is 0 for an op that preceded the failing one. */
    public static MultiOpResult error(int code) {
        return new MultiOpResult(OpCode.ERROR, code, new ErrorResponse(code));
    }
}
