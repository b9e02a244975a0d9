package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathsTest {
    @ParameterizedTest(name = "[{index}] \"{0}\" valid={1}")
    @CsvSource(delimiter = '|', value = {
        "/|true", "/a|true", "/a/b/c|true", "/a.b|true", "/..a|true", "/a..|true", "/.a|true", "/a/...|true",
        "/zookeeper|true", "/a b|true", "/ü|true",
        "''|false", "a|false", "a/b|false", "/a/|false", "//a|false", "/a//b|false",
        "/.|false", "/..|false", "/a/.|false", "/a/..|false", "/./a|false", "/../a|false",
    })
    void validatePathLikeZooKeeper(String path, boolean valid) {
        assertEquals(valid, Paths.isValid(path));
    }

    @ParameterizedTest(name = "[{index}] U+{0}")
    @CsvSource({"0000,false", "0001,false", "001f,false", "0020,true", "007e,true", "007f,false", "009f,false",
        "00a0,true", "d7ff,true", "d800,false", "f8ff,false", "f900,true", "ffef,true", "fff0,false", "ffff,false"})
    void controlAndReservedCharactersAreRefused(String hex, boolean valid) {
        assertEquals(valid, Paths.isValid("/a" + (char) Integer.parseInt(hex, 16) + "b"));
    }

    @ParameterizedTest
    @CsvSource({"/a,/", "/a/b,/a", "/a/b/c,/a/b"})
    void parentOf(String path, String parent) {
        assertEquals(parent, Paths.parentOf(path));
    }
}
