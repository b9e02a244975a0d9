package io.warden.api.proto;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;

/**
 * The session handshake, the first frame in each direction. Since ZooKeeper 3.4 a ConnectRequest and a
 * ConnectResponse end with a {@code boolean readOnly}; clients of 3.3 and older leave it out. As ZooKeeper's
 * {@code ProtocolManager} does, a server reads the flag only if a byte is left, and answers with the flag
 * only to a client that sent one.
 */
public final class Handshake {
    private Handshake() {
    }

    /**
     * A decoded connect request.
     *
     * @param connect         the fields every client sends
     * @param readOnly        the client accepts a read-only server (false when the flag was absent)
     * @param hadReadOnlyFlag the client sent the flag, so the response must carry one too
     */
    public record Request(ConnectRequest connect, boolean readOnly, boolean hadReadOnlyFlag) {
    }

    /**
     * A decoded connect response (client side).
     *
     * @param connect         the fields every server sends; sessionId 0 / timeOut 0 means the session is gone
     * @param readOnly        the server is read-only
     * @param hadReadOnlyFlag the server sent the flag
     */
    public record Response(ConnectResponse connect, boolean readOnly, boolean hadReadOnlyFlag) {
    }

    /**
     * Decodes the body of the first client frame (the length prefix already removed). Bytes after the
     * readOnly flag are ignored, as ZooKeeper ignores them.
     *
     * @throws io.warden.api.jute.JuteException when the fixed fields are truncated or malformed
     */
    public static Request decodeRequest(byte[] frameBody) {
        JuteInput in = new JuteInput(frameBody);
        ConnectRequest connect = ConnectRequest.read(in);
        boolean hadFlag = in.remaining() > 0;
        return new Request(connect, hadFlag && in.readBool(), hadFlag);
    }

    /** Encodes a connect request frame (length prefix included) as a 3.4+ client sends it. */
    public static byte[] encodeRequest(ConnectRequest connect, boolean readOnly) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        connect.write(out);
        out.writeBool(readOnly);
        out.patchInt(0, out.size() - 4);
        return out.toByteArray();
    }

    /**
     * Encodes the server's connect response frame (length prefix included).
     *
     * @param readOnly        whether this server is read-only
     * @param withReadOnlyFlag whether to append the flag: pass {@link Request#hadReadOnlyFlag()}
     */
    public static byte[] encodeResponse(ConnectResponse connect, boolean readOnly, boolean withReadOnlyFlag) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        connect.write(out);
        if (withReadOnlyFlag) {
            out.writeBool(readOnly);
        }
        out.patchInt(0, out.size() - 4);
        return out.toByteArray();
    }

    /** Decodes the body of the server's first frame (client side); the flag is optional as for requests. */
    public static Response decodeResponse(byte[] frameBody) {
        JuteInput in = new JuteInput(frameBody);
        ConnectResponse connect = ConnectResponse.read(in);
        boolean hadFlag = in.remaining() > 0;
        return new Response(connect, hadFlag && in.readBool(), hadFlag);
    }
}
