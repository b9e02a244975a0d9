package io.warden.server.zab;

/**
 * A Zab message on one leader-follower session. The transport delivers in order but may drop (Pekko Artery), so each
 * direction numbers its messages from 1 per session: the receiver treats a gap as a broken session and a packet of an
 * older epoch as stale. {@code epoch} is the epoch being established by the session's leader (0 on the follower's
 * first message, before it knows it).
 */
public record Packet(long epoch, long seq, ZabMessage body) {
}
