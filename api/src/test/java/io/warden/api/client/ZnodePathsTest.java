package io.warden.api.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our check against ZooKeeper's PathUtils: same verdict, same message. */
class ZnodePathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "a", "/", "/a", "/a/", "//", "/a//b", "/.", "/..", "/a/.", "/a/../b", "/a.b", "/..a",
        "/a\u0000b", "/a\u0001", "/\u007f", "/\ud800", "/\ufff5", "/ok-_:~é", "/zookeeper/quota"})
    void sameVerdictAsZooKeeper(String path) {
        String expected = null;
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            expected = e.getMessage();
        }
        if (expected == null) {
            assertDoesNotThrow(() -> ZnodePaths.validate(path));
        } else {
            IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> ZnodePaths.validate(path));
            assertEquals(expected, ours.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/", "/", "/a"})
    void sequentialAllowsATrailingSlash(String path) {
        assertDoesNotThrow(() -> ZnodePaths.validate(path, true));
    }
}
