package io.warden.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's examples are the code of {@link ReadmeExampleTest} and {@link RecipeExampleTest}, so they run. */
class ReadmeTest {
    @Test
    void theReadmeQuotesTheExampleThatRuns() throws Exception {
        assertQuoted("ReadmeExampleTest");
    }

    @Test
    void theReadmeQuotesTheRecipeExampleThatRuns() throws Exception {
        assertQuoted("RecipeExampleTest");
    }

    private static void assertQuoted(String testClass) throws Exception {
        String test = Files.readString(Path.of("src/test/java/io/warden/testkit/" + testClass + ".java"));
        String example = test.substring(test.indexOf("// example:begin\n") + "// example:begin\n".length(),
                test.indexOf("    // example:end"));
        String dedented = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("```java\n" + dedented + "\n```"), "README.md quotes " + testClass + "'s example");
    }
}
