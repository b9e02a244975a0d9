package io.warden.api.proto;

import java.util.List;

/** The results of a multi or multiRead, one per op, in order. The codec lives in {@link MultiCodec}. */
public record MultiResponse(List<MultiOpResult> results) {
}
