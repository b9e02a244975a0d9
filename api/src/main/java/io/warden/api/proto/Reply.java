package io.warden.api.proto;

import io.warden.api.jute.JuteRecord;

/**
 * A decoded server frame (client side): the header and the body — a {@link WatcherEvent} for a
 * notification (xid -1), the opcode's response record when err is 0, null otherwise. See {@link ResponseCodec}.
 */
public record Reply(ReplyHeader header, JuteRecord body) {
    public boolean isNotification() {
        return header.xid() == Xid.NOTIFICATION;
    }
}
