package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSuffixTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 12345, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, -1, -12, -99_999_999,
            -999_999_999, -1_000_000_000, Integer.MIN_VALUE})
    void matchesZooKeepersFormat(int cversion) {
        assertEquals(String.format(Locale.ENGLISH, "%010d", cversion), Writes.sequenceSuffix(cversion));
    }
}
