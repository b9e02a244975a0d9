package io.warden.server.e2e;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.ConnectRequest;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.ReplyHeader;
import io.warden.api.proto.RequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A hand-driven ZooKeeper wire connection over a plain socket, for what the official client would never send:
 * malformed frames, unknown opcodes, silence instead of pings.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    record Reply(ReplyHeader header, JuteInput body) {
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout((int) Bounded.WAIT.toMillis());
        s.setTcpNoDelay(true);
        return new RawClient(s);
    }

    /** Sends a ConnectRequest as the official client does (with its trailing read-only flag) and reads the answer. */
    ConnectResponse handshake(int timeoutMs, long sessionId, byte[] passwd) throws IOException {
        byte[] frame = rawHandshake(new ConnectRequest(0, 0, timeoutMs, sessionId, passwd), true);
        if (frame == null) {
            throw new EOFException("the server closed the connection instead of answering the handshake");
        }
        return ConnectResponse.read(new JuteInput(frame));
    }

    /**
     * Sends {@code request}, with the read-only flag newer clients append or without it as clients before 3.4 did,
     * and returns the answer's frame, or null if the server closed the connection instead.
     */
    byte[] rawHandshake(ConnectRequest request, boolean withReadOnlyFlag) throws IOException {
        JuteOutput o = new JuteOutput();
        request.write(o);
        if (withReadOnlyFlag) {
            o.writeBool(false);
        }
        sendFrame(o.toByteArray());
        return readFrame();
    }

    ConnectResponse handshake(int timeoutMs) throws IOException {
        return handshake(timeoutMs, 0, new byte[16]);
    }

    void send(int xid, int type, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput();
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        sendFrame(o.toByteArray());
    }

    void sendFrame(byte[] payload) throws IOException {
        JuteOutput o = new JuteOutput();
        o.writeInt(payload.length);
        o.writeRaw(payload, 0, payload.length);
        sendBytes(o.toByteArray());
    }

    void sendBytes(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** The next length-prefixed frame, or null when the server closed the connection. */
    byte[] readFrame() throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            return null;
        }
        if (len < 0 || len > 16 << 20) {
            throw new IOException("implausible frame length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** The next reply that is not a watch notification; fails if the connection closes first. */
    Reply reply() throws IOException {
        while (true) {
            byte[] frame = readFrame();
            if (frame == null) {
                throw new EOFException("the server closed the connection instead of replying");
            }
            JuteInput i = new JuteInput(frame);
            ReplyHeader h = ReplyHeader.read(i);
            if (h.xid() != -1) {
                return new Reply(h, i);
            }
        }
    }

    /** The next frame, which must be a watch notification. */
    Reply notification() throws IOException {
        byte[] frame = readFrame();
        if (frame == null) {
            throw new EOFException("the server closed the connection instead of notifying");
        }
        JuteInput i = new JuteInput(frame);
        return new Reply(ReplyHeader.read(i), i);
    }

    /**
     * True when the server ends the connection within {@code max} (end of stream or reset), discarding whatever it sends
     * first; false if it stays open that long.
     */
    boolean closedByServer(Duration max) throws IOException {
        socket.setSoTimeout((int) max.toMillis());
        long deadline = System.nanoTime() + max.toNanos();
        byte[] sink = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout((int) Bounded.WAIT.toMillis());
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends a four-letter word on a fresh connection and returns everything the server writes before closing it. */
    static String fourLetterWord(int port, String word) throws IOException {
        try (RawClient c = open(port)) {
            c.sendBytes(word.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream is = c.socket.getInputStream();
            byte[] b = new byte[8192];
            int n;
            try {
                while ((n = is.read(b)) >= 0) {
                    all.write(b, 0, n);
                }
            } catch (SocketException e) {
                // A reset after the answer still leaves the answer.
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
