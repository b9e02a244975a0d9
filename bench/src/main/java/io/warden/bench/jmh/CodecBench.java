package io.warden.bench.jmh;

import io.warden.api.data.Ids;
import io.warden.api.data.Stat;
import io.warden.api.jute.JuteInput;
import io.warden.api.proto.CheckVersionRequest;
import io.warden.api.proto.GetDataResponse;
import io.warden.api.proto.MultiOp;
import io.warden.api.proto.MultiRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.ReplyHeader;
import io.warden.api.proto.Request;
import io.warden.api.proto.RequestCodec;
import io.warden.api.proto.RequestHeader;
import io.warden.api.proto.ResponseCodec;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.proto.CreateRequest;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec on the hot path of every request: whole frames as the server decodes requests and encodes
 * replies (length prefix included), for a create, a getData reply and a multi of 2 setData + 1 check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {
    @Param({"100"})
    public int dataSize;

    private RequestHeader createHeader;
    private CreateRequest create;
    private byte[] createFrame;
    private ReplyHeader replyHeader;
    private GetDataResponse getDataResponse;
    private byte[] getDataReplyBody;
    private RequestHeader multiHeader;
    private MultiRequest multi;
    private byte[] multiFrame;

    @Setup
    public void setup() {
        byte[] data = new byte[dataSize];
        Arrays.fill(data, (byte) 'x');
        createHeader = new RequestHeader(42, OpCode.CREATE2);
        create = new CreateRequest("/bench-create-1234/c/n-", data, Ids.OPEN_ACL_UNSAFE, 2);
        createFrame = RequestCodec.encode(createHeader, create);
        replyHeader = new ReplyHeader(42, 0x1_0000_1234L, 0);
        getDataResponse = new GetDataResponse(data, new Stat(0x1_0000_0010L, 0x1_0000_1200L, 1_700_000_000_000L,
                1_700_000_001_000L, 7, 0, 0, 0, dataSize, 0, 0x1_0000_0010L));
        byte[] reply = ResponseCodec.encode(replyHeader, getDataResponse);
        getDataReplyBody = Arrays.copyOfRange(reply, 4 + ReplyHeader.MIN_BYTES, reply.length);
        multiHeader = new RequestHeader(43, OpCode.MULTI);
        multi = new MultiRequest(List.of(
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/bench-multi-1234/k/k000017", data, -1)),
                new MultiOp(OpCode.SET_DATA, new SetDataRequest("/bench-multi-1234/k/k000523", data, -1)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/bench-multi-1234/k/k000981", -1))));
        multiFrame = RequestCodec.encode(multiHeader, multi);
    }

    @Benchmark
    public byte[] encodeCreateRequest() {
        return RequestCodec.encode(createHeader, create);
    }

    @Benchmark
    public Request decodeCreateRequest() {
        return RequestCodec.decodeFrame(Arrays.copyOfRange(createFrame, 4, createFrame.length));
    }

    @Benchmark
    public byte[] encodeGetDataResponse() {
        return ResponseCodec.encode(replyHeader, getDataResponse);
    }

    @Benchmark
    public Object decodeGetDataResponse() {
        return ResponseCodec.decodeBody(OpCode.GET_DATA, new JuteInput(getDataReplyBody));
    }

    @Benchmark
    public byte[] encodeMulti() {
        return RequestCodec.encode(multiHeader, multi);
    }

    @Benchmark
    public Request decodeMulti() {
        return RequestCodec.decodeFrame(Arrays.copyOfRange(multiFrame, 4, multiFrame.length));
    }
}
