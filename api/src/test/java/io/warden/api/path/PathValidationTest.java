package io.warden.api.path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Our path rules against ZooKeeper's PathUtils: same verdict and same message, for a table and a seeded fuzz. */
class PathValidationTest {

    /** ZooKeeper's message, or null when it accepts the path. */
    private static String zk(String path, boolean sequential) {
        try {
            PathUtils.validatePath(path, sequential);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String ours(String path, boolean sequential) {
        try {
            PathValidation.validate(path, sequential);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void assertAgrees(String path) {
        for (boolean seq : new boolean[] {false, true}) {
            assertEquals(zk(path, seq), ours(path, seq), () -> "path " + escape(path) + " sequential=" + seq);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "/", "a", "a/b", "//", "/a", "/a/", "/a//b", "/a/b/c", "/.", "/..", "/...", "/a/.", "/a/..", "/a/./b",
        "/a/../b", "/a/.b", "/a/..b", "/a/b.", "/a/b..", "/.a", "/..a", "/a.b/c", "/a...", "/ab/..", "/zookeeper",
        "/zookeeper/quota", "/a b", "/é", "/日本", "/a\u0000b", "/a\u0001", "/a\u001f", "/a\u0020", "/a\u007e", "/a\u007f",
        "/a\u0080", "/a\u009f", "/a\u00a0", "/a\ud7ff", "/a\ud800", "/a\udbff\udfff", "/a\uf8ff", "/a\uf900", "/a\uffef",
        "/a\ufff0", "/a\uffff", "/\u0000", "/a/\u0000", "/./a", "/../a", "/a/b/", "///", "/a/b//"})
    void agreesWithZooKeeper(String path) {
        assertAgrees(path);
    }

    @Test
    void messagesAreZooKeepers() {
        assertEquals("Path cannot be null", assertThrows(IllegalArgumentException.class, () -> PathValidation.validate(null)).getMessage());
        assertEquals("Path length must be > 0", assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("")).getMessage());
        assertEquals("Path must start with / character", assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("a")).getMessage());
        assertEquals("Path must not end with / character", assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("/a/")).getMessage());
        assertEquals("Invalid path string \"/a//b\" caused by empty node name specified @3",
                assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("/a//b")).getMessage());
        assertEquals("Invalid path string \"/a/..\" caused by relative paths not allowed @4",
                assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("/a/..")).getMessage());
        assertDoesNotThrow(() -> PathValidation.validate("/"));
        assertDoesNotThrow(() -> PathValidation.validate("/a/...b"));
    }

    @Test
    void nullPathAgrees() {
        assertEquals(zk(null, false), ours(null, false));
    }

    @Test
    void sequentialPrefixMayEndWithSlash() {
        assertDoesNotThrow(() -> PathValidation.validate("/lock/", true));
        assertThrows(IllegalArgumentException.class, () -> PathValidation.validate("/lock/", false));
        assertTrue(PathValidation.isValid("/a"));
        assertFalse(PathValidation.isValid("/a/"));
    }

    @Test
    void seededFuzzAgreesWithZooKeeper() {
        char[] alphabet = {'/', '/', '/', '.', '.', '.', 'a', 'b', 'z', '0', ' ', '\u0000', '\u0001', '\u001f', '\u007f',
            '\u0080', '\u009f', '\u00a0', '\u00e9', '\ud7ff', '\ud800', '\udc00', '\uf8ff', '\uf900', '\ufff0', '\uffff'};
        Random random = new Random(2024);
        for (int i = 0; i < 200_000; i++) {
            int n = random.nextInt(9);
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(10) != 0) {
                sb.append('/');
            }
            for (int k = 0; k < n; k++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertAgrees(sb.toString());
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }
}
