package io.warden.api.proto;

import io.warden.api.jute.JuteRecord;

/**
 * One operation inside a multi or multiRead: its opcode and its request record
 * (CreateRequest, CreateTTLRequest, DeleteRequest, SetDataRequest, CheckVersionRequest,
 * GetChildrenRequest, GetDataRequest).
 */
public record MultiOp(int type, JuteRecord request) {
}
