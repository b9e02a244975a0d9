package io.warden.bench.jmh;

import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.jute.JuteOutput;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.server.state.StateImage;
import io.warden.server.state.StateOptions;
import io.warden.server.state.ZkDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the state machine stops applying txns when a snapshot starts, with a big tree: taking an image
 * ({@code capture}, what the state machine does now; the image is serialized on the snapshot writer's thread)
 * against serializing the whole tree in place ({@code serializeInPlace}, what it did before). {@code serializeImage}
 * is the work the image moves to the writer's thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SnapshotStartBench {
    private static final long SESSION = 0x1234_5678L;
    private static final List<Id> AUTH = List.of();

    @Param({"1000000"})
    public int nodes;

    @Param({"100"})
    public int dataSize;

    private ZkDatabase db;
    private long zxid;

    @Setup(Level.Trial)
    public void setup() {
        byte[] data = new byte[dataSize];
        Arrays.fill(data, (byte) 'x');
        db = new ZkDatabase(StateOptions.DEFAULT);
        apply(OpCode.CREATE_SESSION, new CreateSessionTxn(30_000));
        apply(OpCode.CREATE, new CreateRequest("/t", new byte[0], Ids.OPEN_ACL_UNSAFE, 0));
        int dirs = (int) Math.ceil(Math.sqrt(nodes));
        for (int d = 0; d < dirs; d++) {
            apply(OpCode.CREATE, new CreateRequest("/t/d" + d, new byte[0], Ids.OPEN_ACL_UNSAFE, 0));
        }
        for (int i = 0; i < nodes; i++) {
            apply(OpCode.CREATE, new CreateRequest("/t/d" + (i % dirs) + "/k" + i, data, Ids.OPEN_ACL_UNSAFE, 0));
        }
    }

    private void apply(int type, Object body) {
        zxid++;
        if (db.apply(new Txn(zxid, 1_700_000_000_000L + zxid, SESSION, (int) zxid, type, AUTH, body)).err() != 0) {
            throw new IllegalStateException("setup txn failed: " + body);
        }
    }

    @Benchmark
    public StateImage capture() {
        StateImage image = db.capture();
        db.release(image);
        return image;
    }

    @Benchmark
    public byte[] serializeInPlace() {
        JuteOutput out = new JuteOutput(1 << 16);
        db.writeSnapshot(out);
        return out.toByteArray();
    }

    @Benchmark
    public byte[] serializeImage() {
        StateImage image = db.capture();
        try {
            return image.serialize();
        } finally {
            db.release(image);
        }
    }
}
