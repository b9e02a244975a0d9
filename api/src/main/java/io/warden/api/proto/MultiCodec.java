package io.warden.api.proto;

import io.warden.api.jute.JuteException;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes multi requests and responses exactly as ZooKeeper's {@code MultiOperationRecord}
 * and {@code MultiResponse} do.
 *
 * <p>Request: for each op a {@code MultiHeader(type, false, -1)} and the op's request record; then
 * {@code MultiHeader(-1, true, -1)}. Create, create2 and createContainer carry a CreateRequest, createTTL a
 * CreateTTLRequest, delete a DeleteRequest, setData a SetDataRequest, check a CheckVersionRequest,
 * getChildren a GetChildrenRequest, getData a GetDataRequest. Reading stops at the first header whose
 * {@code done} is true; read and write ops may not be mixed.
 *
 * <p>Response: for each result a {@code MultiHeader(type, false, err)} where err is the error code for an
 * error result (type -1) and 0 otherwise, then: create → CreateResponse, create2 → Create2Response,
 * setData → SetDataResponse, getData → GetDataResponse, getChildren → GetChildrenResponse,
 * error → ErrorResponse, delete and check → nothing; then {@code MultiHeader(-1, true, -1)}. ZooKeeper
 * reports createTTL and createContainer results as create2, and deleteContainer results as delete:
 * those opcodes are not valid result types on the wire.
 */
public final class MultiCodec {
    private static final MultiHeader END = new MultiHeader(-1, true, -1);

    private MultiCodec() {
    }

    /** True for the op types allowed in a multi (transaction); false for read ops and anything else. */
    public static boolean isWriteOp(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER,
                    OpCode.DELETE, OpCode.SET_DATA, OpCode.CHECK -> true;
            default -> false;
        };
    }

    /** True for the op types allowed in a multiRead. */
    public static boolean isReadOp(int type) {
        return type == OpCode.GET_CHILDREN || type == OpCode.GET_DATA;
    }

    public static void writeRequest(MultiRequest request, JuteOutput out) {
        for (MultiOp op : request.ops()) {
            Class<? extends JuteRecord> expected = requestRecordFor(op.type());
            if (expected == null) {
                throw new IllegalArgumentException("op type " + OpCode.name(op.type()) + " cannot be part of a multi");
            }
            if (!expected.isInstance(op.request())) {
                throw new IllegalArgumentException("a " + OpCode.name(op.type()) + " op needs a " + expected.getSimpleName()
                        + ", got " + (op.request() == null ? "null" : op.request().getClass().getSimpleName()));
            }
            new MultiHeader(op.type(), false, -1).write(out);
            op.request().write(out);
        }
        END.write(out);
    }

    /**
     * @throws JuteException on truncated input, an op type that cannot be in a multi, or read and write
     *                       ops mixed in one request
     */
    public static MultiRequest readRequest(JuteInput in) {
        List<MultiOp> ops = new ArrayList<>();
        Boolean reads = null;
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            JuteRecord record = switch (h.type()) {
                case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in);
                case OpCode.CREATE_TTL -> CreateTTLRequest.read(in);
                case OpCode.DELETE -> DeleteRequest.read(in);
                case OpCode.SET_DATA -> SetDataRequest.read(in);
                case OpCode.CHECK -> CheckVersionRequest.read(in);
                case OpCode.GET_CHILDREN -> GetChildrenRequest.read(in);
                case OpCode.GET_DATA -> GetDataRequest.read(in);
                default -> throw new JuteException("invalid op type " + h.type() + " in multi request");
            };
            boolean read = isReadOp(h.type());
            if (reads == null) {
                reads = read;
            } else if (reads != read) {
                throw new JuteException("mixing read and write operations in a multi request is not allowed");
            }
            ops.add(new MultiOp(h.type(), record));
            h = MultiHeader.read(in);
        }
        return new MultiRequest(List.copyOf(ops));
    }

    public static void writeResponse(MultiResponse response, JuteOutput out) {
        for (MultiOpResult r : response.results()) {
            Class<? extends JuteRecord> expected = resultRecordFor(r.type());
            if (expected == null && !hasNoResultBody(r.type())) {
                throw new IllegalArgumentException("invalid result type " + OpCode.name(r.type()) + " in a multi response");
            }
            if (expected != null && !expected.isInstance(r.body())) {
                throw new IllegalArgumentException("a " + OpCode.name(r.type()) + " result needs a " + expected.getSimpleName()
                        + ", got " + (r.body() == null ? "null" : r.body().getClass().getSimpleName()));
            }
            // ZooKeeper derives the header's err from the result itself, not from a separate field.
            int err = r.type() == OpCode.ERROR ? ((ErrorResponse) r.body()).err() : 0;
            new MultiHeader(r.type(), false, err).write(out);
            if (expected != null) {
                r.body().write(out);
            }
        }
        END.write(out);
    }

    /** @throws JuteException on truncated input or a result type ZooKeeper does not define */
    public static MultiResponse readResponse(JuteInput in) {
        List<MultiOpResult> results = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            JuteRecord body = switch (h.type()) {
                case OpCode.CREATE -> CreateResponse.read(in);
                case OpCode.CREATE2 -> Create2Response.read(in);
                case OpCode.DELETE, OpCode.CHECK -> null;
                case OpCode.SET_DATA -> SetDataResponse.read(in);
                case OpCode.GET_CHILDREN -> GetChildrenResponse.read(in);
                case OpCode.GET_DATA -> GetDataResponse.read(in);
                case OpCode.ERROR -> ErrorResponse.read(in);
                default -> throw new JuteException("invalid result type " + h.type() + " in multi response");
            };
            results.add(new MultiOpResult(h.type(), h.err(), body));
            h = MultiHeader.read(in);
        }
        return new MultiResponse(List.copyOf(results));
    }

    private static Class<? extends JuteRecord> requestRecordFor(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.class;
            case OpCode.CREATE_TTL -> CreateTTLRequest.class;
            case OpCode.DELETE -> DeleteRequest.class;
            case OpCode.SET_DATA -> SetDataRequest.class;
            case OpCode.CHECK -> CheckVersionRequest.class;
            case OpCode.GET_CHILDREN -> GetChildrenRequest.class;
            case OpCode.GET_DATA -> GetDataRequest.class;
            default -> null;
        };
    }

    private static Class<? extends JuteRecord> resultRecordFor(int type) {
        return switch (type) {
            case OpCode.CREATE -> CreateResponse.class;
            case OpCode.CREATE2 -> Create2Response.class;
            case OpCode.SET_DATA -> SetDataResponse.class;
            case OpCode.GET_CHILDREN -> GetChildrenResponse.class;
            case OpCode.GET_DATA -> GetDataResponse.class;
            case OpCode.ERROR -> ErrorResponse.class;
            default -> null;
        };
    }

    private static boolean hasNoResultBody(int type) {
        return type == OpCode.DELETE || type == OpCode.CHECK;
    }
}
