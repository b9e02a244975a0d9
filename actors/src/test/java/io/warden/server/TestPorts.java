package io.warden.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports for the servers of a test, taken from below the kernel's ephemeral range (as the testkit's TestPorts,
 * which this module's tests cannot depend on: the testkit depends on this module). A port the kernel hands out for {@code bind(0)} comes from the same range as the source ports of outgoing connections, so while the
 * nodes of an ensemble start together one node's connection to another could take a third node's port before that
 * node binds it ("Address already in use"); below the range no outgoing connection ever takes one.
 */
public final class TestPorts {
    private static final int LOWEST = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();
    /** A random start, so that test JVMs running side by side rarely probe the same ports. */
    private static final AtomicInteger NEXT = new AtomicInteger(EPHEMERAL_LOW - LOWEST > 2_000
            ? LOWEST + ThreadLocalRandom.current().nextInt(EPHEMERAL_LOW - LOWEST - 1_000) : LOWEST);

    private TestPorts() {
    }

    public static int free() throws IOException {
        if (EPHEMERAL_LOW - LOWEST <= 2_000) {
            return anyFree(); // an unusual kernel setting: nothing sensible below the range
        }
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = NEXT.getAndUpdate(p -> p + 1 >= EPHEMERAL_LOW ? LOWEST : p + 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        return anyFree();
    }

    private static int anyFree() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int ephemeralLow() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }
}
