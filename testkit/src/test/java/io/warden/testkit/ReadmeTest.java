package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's example is the code of {@link ReadmeExampleTest}, so it compiles and runs. */
class ReadmeTest {
    @Test
    void theReadmeQuotesTheExampleThatRuns() throws Exception {
        String test = Files.readString(Path.of("src/test/java/io/warden/testkit/ReadmeExampleTest.java"));
        String example = test.substring(test.indexOf("// example:begin\n") + "// example:begin\n".length(),
                test.indexOf("    // example:end"));
        String dedented = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("```java\n" + dedented + "\n```"), "README.md quotes ReadmeExampleTest's example");
    }
}
