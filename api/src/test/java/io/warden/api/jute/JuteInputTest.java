package io.warden.api.jute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strings read back as written, whether they take the ASCII shortcut or the strict UTF-8 decoder; repeats skipped. */
class JuteInputTest {
    @Test
    void asciiAndMultiByteStringsReadBackInSequence() {
        List<String> strings = List.of("/a/b", "", "/zürich/日本/😀", "digest", "\u007f/\u0080", "/x".repeat(500));
        JuteOutput out = new JuteOutput();
        strings.forEach(out::writeString);
        out.writeString(null);
        out.writeInt(42);
        JuteInput in = new JuteInput(out.toByteArray());
        for (String s : strings) {
            assertEquals(s, in.readString());
        }
        assertNull(in.readString());
        assertEquals(42, in.readInt());
        assertEquals(0, in.remaining());
    }

    @Test
    void aBadByteAfterAsciiIsStillAnError() {
        JuteOutput out = new JuteOutput();
        out.writeBuffer(new byte[] {'/', 'a', 'b', (byte) 0xc0, (byte) 0xaf});
        assertThrows(JuteException.class, () -> new JuteInput(out.toByteArray()).readString());
    }

    @Test
    void aRepeatOfAnEarlierRangeIsSkippedAndAnythingElseIsLeftToRead() {
        JuteOutput out = new JuteOutput();
        out.writeString("acl");
        out.writeString("acl");
        out.writeString("acm");
        out.writeString("ac");
        JuteInput in = new JuteInput(out.toByteArray());
        int from = in.position();
        assertEquals("acl", in.readString());
        int to = in.position();
        assertTrue(in.skipRepeat(from, to));
        assertFalse(in.skipRepeat(from, to), "same length, one byte differs");
        assertEquals("acm", in.readString());
        assertFalse(in.skipRepeat(from, to), "shorter than the range: nothing read");
        assertFalse(in.skipRepeat(in.position(), in.position() + 1), "a range not yet read is no earlier range");
        assertEquals("ac", in.readString());
        assertEquals(0, in.remaining());
    }
}
