package io.warden.bench.jmh;

import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.GetDataRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.CreateSessionTxn;
import io.warden.api.txn.Txn;
import io.warden.server.state.Applied;
import io.warden.server.state.Served;
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
 * The state machine alone (io.warden.server.state.ZkDatabase), no actors, no IO: applying committed create and
 * setData txns, and serving getData. A fresh database per iteration keeps the create benchmark's tree bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StateMachineBench {
    private static final long SESSION = 0x1234_5678L;
    private static final List<Id> AUTH = List.of();

    @Param({"100"})
    public int dataSize;

    @Param({"1000"})
    public int keys;

    private ZkDatabase db;
    private long zxid;
    private long counter;
    private byte[] data;
    private String[] keyPaths;
    private GetDataRequest[] reads;

    @Setup(Level.Iteration)
    public void setup() {
        data = new byte[dataSize];
        Arrays.fill(data, (byte) 'x');
        db = new ZkDatabase(StateOptions.DEFAULT);
        zxid = 0x1_0000_0000L;
        apply(OpCode.CREATE_SESSION, new CreateSessionTxn(30_000));
        apply(OpCode.CREATE, new CreateRequest("/k", new byte[0], Ids.OPEN_ACL_UNSAFE, 0));
        apply(OpCode.CREATE, new CreateRequest("/c", new byte[0], Ids.OPEN_ACL_UNSAFE, 0));
        keyPaths = new String[keys];
        reads = new GetDataRequest[keys];
        for (int i = 0; i < keys; i++) {
            keyPaths[i] = String.format("/k/k%06d", i);
            reads[i] = new GetDataRequest(keyPaths[i], false);
            apply(OpCode.CREATE, new CreateRequest(keyPaths[i], data, Ids.OPEN_ACL_UNSAFE, 0));
        }
        counter = 0;
    }

    private Applied apply(int type, Object body) {
        zxid++;
        Applied a = db.apply(new Txn(zxid, 1_700_000_000_000L + zxid, SESSION, (int) zxid, type, AUTH, body));
        if (a.err() != 0) {
            throw new IllegalStateException("txn " + OpCode.name(type) + " failed with " + a.err());
        }
        return a;
    }

    @Benchmark
    public Applied applyCreate() {
        counter++;
        return apply(OpCode.CREATE, new CreateRequest("/c/n" + counter, data, Ids.OPEN_ACL_UNSAFE, 0));
    }

    @Benchmark
    public Applied applySetData() {
        counter++;
        return apply(OpCode.SET_DATA, new SetDataRequest(keyPaths[(int) (counter % keys)], data, -1));
    }

    @Benchmark
    public Served readGetData() {
        counter++;
        return db.read(SESSION, AUTH, OpCode.GET_DATA, reads[(int) (counter % keys)]);
    }
}
