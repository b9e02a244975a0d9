package io.warden.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tab completion, and the JLine console end to end on a dumb terminal with scripted input. */
class ZnodeCompleterTest {
    private static final Map<String, List<String>> TREE = Map.of(
            "/", List.of("zookeeper", "apps", "alpha"),
            "/apps", List.of("web", "db", "worker"));

    private static List<String> children(String path) {
        return TREE.getOrDefault(path, List.of());
    }

    private static List<String> complete(String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> out = new ArrayList<>();
        new ZnodeCompleter(ZnodeCompleterTest::children).complete(null, parsed, out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void firstWordCompletesCommandNames() {
        assertEquals(List.of("get", "getAcl", "getAllChildrenNumber", "getEphemerals"), complete("get"));
        assertEquals(List.of("deleteall", "delete").stream().sorted().toList(), complete("del"));
    }

    @Test
    void pathsCompleteFromTheServersChildren() {
        assertEquals(List.of("/alpha", "/apps"), complete("ls /a"));
        assertEquals(List.of("/apps/db", "/apps/web", "/apps/worker"), complete("get -s /apps/"));
        assertEquals(List.of("/apps/web", "/apps/worker"), complete("get /apps/w"));
        assertEquals(List.of(), complete("get /nothing/x"));
        assertEquals(List.of(), complete("create -e"));
    }

    @Test
    void theJLineConsoleRunsCommandsAndKeepsHistory(@TempDir Path home) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ByteArrayInputStream keys = new ByteArrayInputStream("help\nprintwatches\n".getBytes(StandardCharsets.UTF_8));
        Terminal terminal = new DumbTerminal("test", "dumb", keys, screen, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Path history = home.resolve(".warden_history");
        try (Shell shell = new Shell((c, t, w) -> {
            throw new java.io.IOException("no server in this test");
        }, ps, ps, 1000); JLineConsole console = new JLineConsole(terminal, shell, history)) {
            assertEquals(0, Repl.run(shell, console));
        }
        String screenText = screen.toString(StandardCharsets.UTF_8);
        assertTrue(screenText.contains("[zk: (NOT_CONNECTED) 0] "), screenText + "\n---OUT---\n" + out + "\n---HIST---\n" + Files.readAllLines(history));
        assertTrue(screenText.contains("[zk: (NOT_CONNECTED) 2] "), screenText + "\n---OUT---\n" + out + "\n---HIST---\n" + Files.readAllLines(history));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("printwatches is on"), out.toString(StandardCharsets.UTF_8));
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.endsWith("help")), saved.toString());
        assertTrue(saved.stream().anyMatch(l -> l.endsWith("printwatches")), saved.toString());
    }
}
