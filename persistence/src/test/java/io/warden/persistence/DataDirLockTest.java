package io.warden.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
    @TempDir
    Path dir;

    /** Run in a child JVM: takes the lock, says so, and holds it until its stdin closes. */
    public static void main(String[] args) throws Exception {
        try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock
            }
        }
    }

    @Test
    void aSecondLockInTheSameProcessIsRefused() throws IOException {
        try (DataDirLock first = DataDirLock.acquire(dir)) {
            IOException e = assertThrows(IOException.class, () -> DataDirLock.acquire(dir));
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("another Warden server"), e.getMessage());
        }
        DataDirLock.acquire(dir).close(); // released: free again
    }

    @Test
    void anotherProcessHoldingTheLockIsNamed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DataDirLockTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("locked")) {
                // skip whatever the child logs first
            }
            assertEquals("locked", line);
            IOException e = assertThrows(IOException.class, () -> DataDirLock.acquire(dir));
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        DataDirLock.acquire(dir).close(); // the child exited: the lock is free
    }
}
