package io.warden.cli.shell;

import io.warden.api.client.WardenClient;
import io.warden.api.client.WardenClientException;
import io.warden.api.client.WatchedEvent;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zkCli-style command interpreter, without any terminal handling: it runs lines or argument lists against a
 * session and prints what zkCli prints to the given streams. The interactive loop and JLine live elsewhere.
 */
public final class Shell implements AutoCloseable {
    /** Opens a session; {@link WardenClient#connect} in production, anything in tests. */
    @FunctionalInterface
    public interface Connector {
        WardenClient connect(String connectString, int sessionTimeoutMs, Consumer<WatchedEvent> watcher)
                throws IOException;
    }

    // zkCli's tokenizer: a word, or a whole "double" or 'single' quoted string (quotes removed).
    private static final Pattern ARGS = Pattern.compile("\\s*([^\"']\\S*|\"[^\"]*\"|'[^']*')\\s*");
    private static final Pattern QUOTED = Pattern.compile("^(['\"])(.*)(\\1)$");

    private final Connector connector;
    private final PrintStream out;
    private final PrintStream err;
    private final int timeoutMs;
    private final Map<Integer, String> history = new HashMap<>();
    private volatile Consumer<String> messages;
    private volatile boolean printWatches = true;
    private volatile CountDownLatch connectAnnounced = new CountDownLatch(0);
    private WardenClient client;
    private String host = "";
    private int commandCount;
    private int lastExitCode;
    private boolean quit;

    public Shell(PrintStream out, PrintStream err, int sessionTimeoutMs) {
        this(WardenClient::connect, out, err, sessionTimeoutMs);
    }

    public Shell(Connector connector, PrintStream out, PrintStream err, int sessionTimeoutMs) {
        this.connector = connector;
        this.out = out;
        this.err = err;
        this.timeoutMs = sessionTimeoutMs;
        this.messages = out::println;
    }

    /**
     * Where watch events and other asynchronous messages go (zkCli prints them with a blank line before).
     * An interactive terminal prints them above the prompt instead of into the line being typed.
     */
    public void setMessagePrinter(Consumer<String> printer) {
        this.messages = printer;
    }

    public void setPrintWatches(boolean on) {
        this.printWatches = on;
    }

    boolean printWatches() {
        return printWatches;
    }

    /**
     * Closes the current session if any and connects to {@code connectString}; on failure the error is printed
     * and the shell stays without a session.
     */
    public boolean connect(String connectString) {
        if (client != null && client.state().isAlive()) {
            client.close();
        }
        client = null;
        host = connectString;
        CountDownLatch announced = new CountDownLatch(1);
        connectAnnounced = announced;
        try {
            client = connector.connect(connectString, timeoutMs, this::onEvent);
            // Wait until the SyncConnected event has been printed, so that it never lands inside later output.
            announced.await(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return client != null;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return false;
        }
    }

    private void onEvent(WatchedEvent e) {
        if (printWatches) {
            message("WATCHER::");
            message(e.toString());
        }
        if (e.type() == EventType.None && e.state() == KeeperState.SyncConnected) {
            connectAnnounced.countDown();
        }
    }

    /** As zkCli's printMessage: a blank line, then the text. */
    private void message(String text) {
        messages.accept(System.lineSeparator() + text);
    }

    /** The prompt zkCli shows, e.g. {@code [zk: 127.0.0.1:2181(CONNECTED) 3] }. */
    public String prompt() {
        String state = client == null ? "NOT_CONNECTED" : client.state().name();
        return "[zk: " + host + "(" + state + ") " + commandCount + "] ";
    }

    /**
     * Runs one typed line (interactive mode): blank lines are ignored; others go into the history and advance
     * the command number. Returns the exit code the command would give in one-shot mode.
     */
    public int executeLine(String line) {
        List<String> words = split(line);
        if (words.isEmpty()) {
            return lastExitCode;
        }
        history.put(commandCount, line);
        int code = execute(words);
        commandCount++;
        return code;
    }

    /** Runs one command given as words (one-shot mode and redo); prints errors on stderr; returns the exit code. */
    public int execute(List<String> words) {
        try {
            dispatch(words);
            lastExitCode = 0;
        } catch (CliException e) {
            if (e.getMessage() != null) {
                err.println(e.getMessage());
            }
            lastExitCode = e.exitCode();
        }
        return lastExitCode;
    }

    /** Runs a command, throwing its failure instead of printing it (redo nests commands this way). */
    void dispatch(List<String> words) throws CliException {
        if (words.isEmpty()) {
            usage(err);
            throw new CliException("No command entered");
        }
        CommandDef def = Commands.find(words.get(0));
        if (def == null) {
            usage(err);
            throw new CliException("Command not found: " + words.get(0), CliException.NOT_FOUND);
        }
        if (def.needsSession() && (client == null || !client.state().isAlive())) {
            out.println("Not connected");
            throw CliException.reported();
        }
        try {
            def.body().run(new ArrayList<>(words), this);
        } catch (IllegalArgumentException e) {
            // The client rejects malformed paths before sending, with PathUtils' wording, as zkCli reports them.
            throw new CliException(e.getMessage());
        }
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = ARGS.matcher(line);
        while (m.find()) {
            String w = m.group(1);
            if (QUOTED.matcher(w).matches()) {
                w = w.substring(1, w.length() - 1);
            }
            words.add(w);
        }
        return words;
    }

    void usage(PrintStream to) {
        Commands.usageLines().forEach(to::println);
    }

    /** Waits for a request; a server error becomes the message zkCli prints for it. */
    <T> T await(CompletableFuture<T> f) throws CliException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }

    <T> T await(CompletableFuture<T> f, long timeoutMs) throws CliException, TimeoutException {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted");
        }
    }

    private static CliException failure(Throwable cause) {
        if (cause instanceof WardenClientException w) {
            return CliException.of(w);
        }
        return new CliException(String.valueOf(cause.getMessage()));
    }

    /** Znode children for tab completion; empty when there is no session or the node is gone. */
    public List<String> children(String path) {
        WardenClient c = client;
        if (c == null || !c.state().isAlive()) {
            return List.of();
        }
        try {
            return c.getChildren(path, false).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    public static List<String> commandNames() {
        return Commands.names();
    }

    public boolean quitRequested() {
        return quit;
    }

    /** The exit code of the last command run, which is what zkCli exits with. */
    public int lastExitCode() {
        return lastExitCode;
    }

    // ---- for the commands ----

    WardenClient client() {
        return client;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    String host() {
        return host;
    }

    void requestQuit() {
        quit = true;
    }

    int commandCount() {
        return commandCount;
    }

    String historyEntry(int index) {
        return history.get(index);
    }

    /** redo replaces its own history entry with the command it repeats, as zkCli does. */
    void replaceHistory(int index, String line) {
        history.put(index, line);
    }

    @Override
    public void close() {
        if (client != null && client.state().isAlive()) {
            client.close();
        }
    }
}
