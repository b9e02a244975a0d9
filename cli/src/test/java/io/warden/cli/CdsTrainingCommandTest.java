package io.warden.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's class-data-sharing archive holds what the training loaded, and the training stops quietly at its first
 * failure (it must not fail the build): this checks that it gets all the way through, as the build would need.
 */
class CdsTrainingCommandTest {
    @Test
    void theTrainingServesRecoversAndRunsAnEnsemble(@TempDir Path dir) throws Exception {
        CdsTrainingCommand.exercise(dir);
        try (Stream<Path> snapshots = Files.list(dir.resolve("standalone").resolve("snapshots"))) {
            assertTrue(snapshots.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")),
                    "the standalone server wrote a snapshot to recover from");
        }
        assertTrue(Files.isDirectory(dir.resolve("ensemble")), "the ensemble ran");
    }
}
