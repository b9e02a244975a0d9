package io.warden.cli.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion: command names for the first word, znode paths (asked of the server) for words starting with '/'. */
final class ZnodeCompleter implements Completer {
    private final Function<String, List<String>> children;

    ZnodeCompleter(Function<String, List<String>> children) {
        this.children = children;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, line.wordCursor());
        if (line.wordIndex() == 0) {
            for (String name : commandCandidates(word)) {
                candidates.add(new Candidate(name));
            }
        } else if (word.startsWith("/")) {
            for (String path : pathCandidates(word, children)) {
                // Not "complete": no space is added, so the user can go on with '/' into the children.
                candidates.add(new Candidate(path, path, null, null, null, null, false));
            }
        }
    }

    static List<String> commandCandidates(String prefix) {
        List<String> out = new ArrayList<>();
        for (String name : Commands.names()) {
            if (name.startsWith(prefix)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Paths of the children of the token's parent whose names start with the token's last segment. */
    static List<String> pathCandidates(String token, Function<String, List<String>> children) {
        int slash = token.lastIndexOf('/');
        String parent = slash == 0 ? "/" : token.substring(0, slash);
        String prefix = token.substring(slash + 1);
        String base = parent.equals("/") ? "/" : parent + "/";
        List<String> names = new ArrayList<>(children.apply(parent));
        names.sort(null);
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith(prefix)) {
                out.add(base + name);
            }
        }
        return out;
    }
}
