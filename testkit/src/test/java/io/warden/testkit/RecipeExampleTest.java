package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.testkit.recipes.HeartbeatRecipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** The testkit README's recipe example: a recipe's timers driven by manual time on a real standalone server. */
class RecipeExampleTest {

    // example:begin
    @Test
    void aRecipesTimerRunsOnlyWhenTheTestLetsTimePass() throws Exception {
        try (WardenStandalone server = WardenStandalone.builder().manualTime()
                .recipe("beat", HeartbeatRecipe.class, Map.of("root", "/beat", "intervalMs", "1000")).start()) {
            ZooKeeper zk = connect(server.connectString());
            try {
                until(() -> zk.exists("/beat", false) != null);
                assertEquals("", text(zk.getData("/beat", false, null)));   // no time has passed: no beat

                server.advance(Duration.ofMillis(3_000));                  // three intervals
                until(() -> "3".equals(text(zk.getData("/beat", false, null))));
                server.advance(Duration.ofMillis(999));
                assertEquals("3", text(zk.getData("/beat", false, null)));  // not yet the fourth
            } finally {
                zk.close();
            }
        }
    }
    // example:end

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("not connected");
        }
        return zk;
    }

    /** Writes are answered at full speed: polled for, with a deadline, never slept for. */
    private static void until(Callable<Boolean> check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 30 s");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
