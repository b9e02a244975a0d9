package io.warden.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.ACL;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.Id;
import io.warden.api.data.Stat;
import io.warden.api.data.StatPersisted;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteRecord;
import io.warden.api.proto.*;
import io.warden.api.txn.CreateSessionTxn;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every jute record we define, against ZooKeeper's class of the same name: random values (seeded) encode
 * to the same bytes, ZooKeeper's bytes decode to the same values with nothing left over, and ZooKeeper
 * decodes ours back to its original.
 */
class RecordCompatibilityTest {
    private static final int ROUNDS = 200;

    static Stream<Class<? extends Record>> records() {
        return Stream.of(
                // data
                Id.class, ACL.class, Stat.class, StatPersisted.class, ClientInfo.class,
                // proto: requests
                RequestHeader.class, AuthPacket.class, CreateRequest.class, CreateTTLRequest.class, DeleteRequest.class,
                ExistsRequest.class, GetDataRequest.class, SetDataRequest.class, GetACLRequest.class, SetACLRequest.class,
                GetChildrenRequest.class, GetChildren2Request.class, SyncRequest.class, CheckVersionRequest.class,
                ReconfigRequest.class, CheckWatchesRequest.class, RemoveWatchesRequest.class, SetWatches.class,
                SetWatches2.class, GetSASLRequest.class, SetSASLRequest.class, GetEphemeralsRequest.class,
                GetAllChildrenNumberRequest.class, AddWatchRequest.class, MultiHeader.class,
                // proto: responses
                ReplyHeader.class, CreateResponse.class, Create2Response.class, ExistsResponse.class, GetDataResponse.class,
                SetDataResponse.class, GetACLResponse.class, SetACLResponse.class, GetChildrenResponse.class,
                GetChildren2Response.class, SyncResponse.class, SetSASLResponse.class, GetEphemeralsResponse.class,
                GetAllChildrenNumberResponse.class, ErrorResponse.class, WatcherEvent.class, WhoAmIResponse.class,
                // txn
                CreateSessionTxn.class);
    }

    @ParameterizedTest
    @MethodSource("records")
    void sameBytesAsZooKeeperBothWays(Class<? extends Record> type) {
        RecordGen gen = new RecordGen(type.getName().hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            Record ours = gen.generate(type);
            org.apache.jute.Record theirs = (org.apache.jute.Record) RecordGen.toZk(ours);

            byte[] zkBytes = ZkJute.bytes(theirs);
            assertArrayEquals(zkBytes, ((JuteRecord) ours).toBytes(), () -> "encoding of " + ours);

            JuteInput in = new JuteInput(zkBytes);
            JuteRecord decoded = RecordGen.read(type, in);
            assertEquals(0, in.remaining(), "bytes left after reading " + type.getSimpleName());
            assertTrue(RecordGen.deepEquals(ours, decoded), () -> "decoded " + decoded + " expected " + ours);

            // ZooKeeper's generated equals() throws on null fields, so compare its re-encoding instead.
            org.apache.jute.Record back = ZkJute.read(((JuteRecord) ours).toBytes(), newZk(type));
            assertArrayEquals(zkBytes, ZkJute.bytes(back), "ZooKeeper decoding our bytes");
        }
    }

    /** MIN_BYTES bounds vector counts on input, so it must be exactly the size of the smallest encoding. */
    @ParameterizedTest
    @MethodSource("records")
    void minBytesIsTheSmallestEncoding(Class<? extends Record> type) throws ReflectiveOperationException {
        int declared = type.getField("MIN_BYTES").getInt(null);
        assertEquals(smallest(type).toBytes().length, declared, type.getSimpleName() + ".MIN_BYTES");
    }

    private static JuteRecord smallest(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> c = components[i].getType();
            types[i] = c;
            if (c == int.class) {
                args[i] = 0;
            } else if (c == long.class) {
                args[i] = 0L;
            } else if (c == boolean.class) {
                args[i] = false;
            } else if (c.isRecord()) {
                args[i] = smallest(c);
            } else if (c == List.class || c == String.class || c == byte[].class) {
                args[i] = null;
            } else {
                throw new IllegalStateException("unexpected component type " + c);
            }
        }
        return (JuteRecord) type.getDeclaredConstructor(types).newInstance(args);
    }

    private static org.apache.jute.Record newZk(Class<?> ours) {
        try {
            return (org.apache.jute.Record) RecordGen.zkClass(ours).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
