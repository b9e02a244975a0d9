package io.warden.api.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.ZkJute;
import io.warden.api.jute.JuteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.compat.ProtocolManager;
import org.junit.jupiter.api.Test;

/** The handshake against ZooKeeper 3.9's ConnectRequest/Response and its ProtocolManager (old-client handling). */
class HandshakeTest {
    private static final byte[] PASSWD = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static byte[] body(byte[] frame) {
        assertEquals(frame.length - 4, ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    /** What a ZooKeeper 3.3 client sends: the record without the readOnly field. */
    private static byte[] oldClientRequest() throws IOException {
        ByteArrayOutputStream baos = new ByteArrayOutputStream();
        BinaryOutputArchive a = BinaryOutputArchive.getArchive(baos);
        a.writeInt(0, "protocolVersion");
        a.writeLong(0x1234L, "lastZxidSeen");
        a.writeInt(30000, "timeOut");
        a.writeLong(0L, "sessionId");
        a.writeBuffer(new byte[16], "passwd");
        return baos.toByteArray();
    }

    @Test
    void currentClientRequestDecodes() {
        for (boolean ro : new boolean[] {false, true}) {
            byte[] zk = ZkJute.bytes(new org.apache.zookeeper.proto.ConnectRequest(0, 0x100000005L, 40000, 0x77L, PASSWD, ro));
            Handshake.Request r = Handshake.decodeRequest(zk);
            assertTrue(r.hadReadOnlyFlag());
            assertEquals(ro, r.readOnly());
            assertEquals(0, r.connect().protocolVersion());
            assertEquals(0x100000005L, r.connect().lastZxidSeen());
            assertEquals(40000, r.connect().timeOut());
            assertEquals(0x77L, r.connect().sessionId());
            assertArrayEquals(PASSWD, r.connect().passwd());
        }
    }

    @Test
    void oldClientRequestHasNoFlag() throws IOException {
        Handshake.Request r = Handshake.decodeRequest(oldClientRequest());
        assertFalse(r.hadReadOnlyFlag());
        assertFalse(r.readOnly());
        assertEquals(30000, r.connect().timeOut());
        assertEquals(0x1234L, r.connect().lastZxidSeen());
    }

    @Test
    void encodedRequestIsWhatTheZooKeeperClientSends() {
        ConnectRequest ours = new ConnectRequest(0, 9, 5000, 3, PASSWD);
        byte[] zk = ZkJute.frame(new org.apache.zookeeper.proto.ConnectRequest(0, 9, 5000, 3, PASSWD, true));
        assertArrayEquals(zk, Handshake.encodeRequest(ours, true));
    }

    @Test
    void responseWithFlagIsZooKeepersResponse() throws IOException {
        ConnectResponse ours = new ConnectResponse(0, 30000, 0x1020304050L, PASSWD);
        for (boolean ro : new boolean[] {false, true}) {
            byte[] zk = ZkJute.frame(new org.apache.zookeeper.proto.ConnectResponse(0, 30000, 0x1020304050L, PASSWD, ro));
            assertArrayEquals(zk, Handshake.encodeResponse(ours, ro, true));

            // ZooKeeper's client reads it and sees the flag.
            ProtocolManager pm = new ProtocolManager();
            org.apache.zookeeper.proto.ConnectResponse read = pm.deserializeConnectResponse(archive(body(zk)));
            assertEquals(ro, read.getReadOnly());
            assertTrue(pm.isReadonlyAvailable());
        }
    }

    @Test
    void responseToAnOldClientIsWhatZooKeeperSendsIt() throws IOException {
        // ZooKeeper's server learns from the request that the client is old, then omits the flag.
        ProtocolManager server = new ProtocolManager();
        server.deserializeConnectRequest(archive(oldClientRequest()));
        assertFalse(server.isReadonlyAvailable());
        ByteArrayOutputStream baos = new ByteArrayOutputStream();
        server.serializeConnectResponse(new org.apache.zookeeper.proto.ConnectResponse(0, 1000, 5, PASSWD, true),
                BinaryOutputArchive.getArchive(baos));

        Handshake.Request req = Handshake.decodeRequest(oldClientRequest());
        byte[] ours = Handshake.encodeResponse(new ConnectResponse(0, 1000, 5, PASSWD), true, req.hadReadOnlyFlag());
        assertArrayEquals(baos.toByteArray(), body(ours));
    }

    @Test
    void expiredSessionResponseAsZooKeeperSendsIt() {
        // ZooKeeper answers a dead session with timeout 0, session 0 and 16 zero bytes of password.
        byte[] zk = ZkJute.frame(new org.apache.zookeeper.proto.ConnectResponse(0, 0, 0, new byte[16], false));
        assertArrayEquals(zk, Handshake.encodeResponse(new ConnectResponse(0, 0, 0, new byte[16]), false, true));
        Handshake.Response r = Handshake.decodeResponse(body(zk));
        assertEquals(0, r.connect().sessionId());
        assertTrue(r.hadReadOnlyFlag());
        assertFalse(r.readOnly());
    }

    @Test
    void decodeResponseFromAnOldServer() {
        byte[] noFlag = ZkJute.bytes(new ConnectResponseWithoutFlag(0, 4000, 42, PASSWD));
        Handshake.Response r = Handshake.decodeResponse(noFlag);
        assertFalse(r.hadReadOnlyFlag());
        assertEquals(42, r.connect().sessionId());
        assertEquals(4000, r.connect().timeOut());
    }

    @Test
    void truncatedRequestIsAJuteException() throws IOException {
        byte[] full = oldClientRequest();
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(JuteException.class, () -> Handshake.decodeRequest(cut), "prefix of " + n + " bytes");
        }
    }

    private static BinaryInputArchive archive(byte[] bytes) {
        return BinaryInputArchive.getArchive(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    /** A ConnectResponse as servers before 3.4 wrote it, built with ZooKeeper's archive. */
    private record ConnectResponseWithoutFlag(int protocolVersion, int timeOut, long sessionId, byte[] passwd)
            implements org.apache.jute.Record {
        @Override
        public void serialize(org.apache.jute.OutputArchive a, String tag) throws IOException {
            a.writeInt(protocolVersion, "protocolVersion");
            a.writeInt(timeOut, "timeOut");
            a.writeLong(sessionId, "sessionId");
            a.writeBuffer(passwd, "passwd");
        }

        @Override
        public void deserialize(org.apache.jute.InputArchive a, String tag) {
            throw new UnsupportedOperationException();
        }
    }
}
