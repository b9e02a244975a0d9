package io.warden.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConnectStringTest {
    @Test
    void hostsPortsAndChroot() {
        ConnectString cs = ConnectString.parse("a:1,b,[::1]:3/app/x");
        assertEquals("a:1,b:2181,[::1]:3", cs.hostList());
        assertEquals("/app/x", cs.chroot());
        assertEquals("/app/x", cs.toServerPath("/"));
        assertEquals("/app/x/y", cs.toServerPath("/y"));
        assertEquals("/", cs.toClientPath("/app/x"));
        assertEquals("/y", cs.toClientPath("/app/x/y"));
        assertEquals("/app/xy", cs.toClientPath("/app/xy"));
        assertEquals("/other", cs.toClientPath("/other"));
    }

    @Test
    void rootChrootIsNone() {
        ConnectString cs = ConnectString.parse("127.0.0.1:2181/");
        assertNull(cs.chroot());
        assertEquals("/a", cs.toServerPath("/a"));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConnectString.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ConnectString.parse("h:notaport"));
        assertThrows(IllegalArgumentException.class, () -> ConnectString.parse("h:99999"));
        assertThrows(IllegalArgumentException.class, () -> ConnectString.parse("h:1/bad/"));
        assertThrows(IllegalArgumentException.class, () -> ConnectString.parse("/only-chroot"));
    }
}
