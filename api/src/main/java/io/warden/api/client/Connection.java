package io.warden.api.client;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.ConnectResponse;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One TCP connection to a server, speaking ZooKeeper's framing: every packet is a 4-byte big-endian length and
 * that many bytes. Writes are serialised by the caller; reads happen on the client's reader thread only.
 */
final class Connection implements AutoCloseable {
    /** Larger than any reply ZooKeeper's default jute.maxbuffer lets a server send. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String remote;

    private Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = socket.getOutputStream();
        this.remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    record Handshake(Connection connection, ConnectResponse response, boolean readOnly) {
    }

    /** Opens a socket and runs the session handshake; the socket is closed again if anything fails. */
    static Handshake open(InetSocketAddress server, ConnectRequest request, int connectTimeoutMs) throws IOException {
        InetSocketAddress resolved = server.isUnresolved()
                ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        if (resolved.isUnresolved()) {
            throw new IOException("Unable to resolve address: " + server.getHostString());
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(resolved, connectTimeoutMs);
            socket.setSoTimeout(connectTimeoutMs);
            Connection c = new Connection(socket);
            JuteOutput frame = startFrame();
            request.write(frame);
            // The 3.x client always adds its readOnly flag; servers treat a missing one as false.
            frame.writeBool(false);
            c.send(endFrame(frame));
            JuteInput reply = new JuteInput(c.readFrame());
            ConnectResponse response = ConnectResponse.read(reply);
            boolean readOnly = reply.remaining() > 0 && reply.readBool();
            return new Handshake(c, response, readOnly);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e instanceof IOException io ? io : new IOException("Bad handshake reply from " + server + ": " + e.getMessage(), e);
        }
    }

    /** A frame buffer with room for the length, to be filled in by {@link #endFrame}. */
    static JuteOutput startFrame() {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        return out;
    }

    static byte[] endFrame(JuteOutput frame) {
        frame.patchInt(0, frame.size() - 4);
        return frame.toByteArray();
    }

    static byte[] frame(JuteRecord header, JuteRecord body) {
        JuteOutput out = startFrame();
        header.write(out);
        if (body != null) {
            body.write(out);
        }
        return endFrame(out);
    }

    void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_FRAME) {
            throw new IOException("Packet len " + len + " is out of range!");
        }
        byte[] body = new byte[len];
        in.readFully(body);
        return body;
    }

    void setReadTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    String remote() {
        return remote;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing to do: the socket is being abandoned.
        }
    }
}
