package io.warden.api.client;

import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.ConnectResponse;
import io.warden.api.proto.ReplyHeader;
import io.warden.api.proto.WatcherEvent;
import io.warden.api.proto.Xid;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A scripted stand-in for a server: the test accepts a connection, reads the client's frames and writes the
 * replies it chooses, byte for byte. Every blocking step is bounded so that a broken client fails the test.
 */
final class FakeServer implements AutoCloseable {
    static final int STEP_TIMEOUT_MS = 10_000;

    private final ServerSocket socket;

    FakeServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(STEP_TIMEOUT_MS);
    }

    String connectString() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    Peer accept() throws IOException {
        Socket s = socket.accept();
        s.setSoTimeout(STEP_TIMEOUT_MS);
        return new Peer(s);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        /** The next frame's body (without its 4-byte length). */
        byte[] readFrame() throws IOException {
            int len = in.readInt();
            if (len < 0 || len > 1 << 20) {
                throw new IOException("bad frame length " + len);
            }
            byte[] b = new byte[len];
            in.readFully(b);
            return b;
        }

        /** Reads frames until one is not a ping (xid -2), so tests do not depend on ping timing. */
        byte[] readRequest() throws IOException {
            while (true) {
                byte[] f = readFrame();
                if (!(f.length == 8 && f[0] == (byte) 0xff && f[3] == (byte) 0xfe)) {
                    return f;
                }
            }
        }

        /** True when the client closed its end: the next read sees end of stream. */
        boolean clientClosed() throws IOException {
            try {
                while (true) {
                    readFrame();
                }
            } catch (EOFException e) {
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        void sendFrame(byte[] body) throws IOException {
            JuteOutput o = new JuteOutput();
            o.writeInt(body.length);
            o.writeRaw(body, 0, body.length);
            out.write(o.toByteArray());
            out.flush();
        }

        void handshake(long sessionId, int timeout, boolean withReadOnlyByte) throws IOException {
            JuteOutput o = new JuteOutput();
            new ConnectResponse(0, timeout, sessionId, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                    .write(o);
            if (withReadOnlyByte) {
                o.writeBool(false);
            }
            sendFrame(o.toByteArray());
        }

        void reply(int xid, long zxid, int err, JuteRecord body) throws IOException {
            JuteOutput o = new JuteOutput();
            new ReplyHeader(xid, zxid, err).write(o);
            if (body != null) {
                body.write(o);
            }
            sendFrame(o.toByteArray());
        }

        void notify(long zxid, int type, int state, String path) throws IOException {
            reply(Xid.NOTIFICATION, zxid, 0, new WatcherEvent(type, state, path));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
