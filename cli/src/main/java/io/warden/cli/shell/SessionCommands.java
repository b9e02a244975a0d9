package io.warden.cli.shell;

import io.warden.api.client.WardenClient;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.ClientInfo;
import io.warden.api.data.WatcherType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The commands about the session and the shell itself: auth, watches, connect/close, history. */
final class SessionCommands {
    private SessionCommands() {
    }

    static void addAuth(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "");
        if (a.count() < 2) {
            throw Commands.find("addauth").usageError();
        }
        byte[] auth = a.count() >= 3 ? a.arg(2).getBytes(StandardCharsets.UTF_8) : null;
        // zkCli does not wait for the answer; waiting lets a script see a rejected credential in the exit code.
        sh.await(sh.client().addAuth(a.arg(1), auth));
    }

    static void addWatch(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "m:");
        CommandDef def = Commands.find("addWatch");
        if (a.count() != 2) {
            throw def.usageError();
        }
        AddWatchMode mode = AddWatchMode.PERSISTENT_RECURSIVE;
        if (a.has('m')) {
            try {
                mode = AddWatchMode.valueOf(a.value('m').toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw def.usageError();
            }
        }
        sh.await(sh.client().addWatch(a.arg(1), mode));
    }

    static void removeWatches(List<String> words, Shell sh) throws CliException {
        Args a = Args.parse(words, "cdpral");
        if (a.count() < 2) {
            throw Commands.find("removewatches").usageError();
        }
        WatcherType type = WatcherType.Any;
        if (a.has('c')) {
            type = WatcherType.Children;
        } else if (a.has('d')) {
            type = WatcherType.Data;
        } else if (a.has('p')) {
            type = WatcherType.Persistent;
        } else if (a.has('r')) {
            type = WatcherType.PersistentRecursive;
        }
        sh.await(sh.client().removeWatches(a.arg(1), type, a.has('l')));
    }

    static void whoAmI(List<String> words, Shell sh) throws CliException {
        List<ClientInfo> infos = sh.await(sh.client().whoAmI());
        sh.out().println("Auth scheme: User");
        for (ClientInfo info : infos) {
            sh.out().println(info.authScheme() + ": " + info.user());
        }
    }

    static void close(List<String> words, Shell sh) {
        sh.client().close();
    }

    static void connect(List<String> words, Shell sh) throws CliException {
        String target = words.size() >= 2 ? words.get(1) : sh.host();
        if (!sh.connect(target)) {
            throw CliException.reported();
        }
    }

    static void quit(List<String> words, Shell sh) {
        WardenClient c = sh.client();
        if (c != null && c.state().isAlive()) {
            c.close();
        }
        sh.requestQuit();
    }

    static void history(List<String> words, Shell sh) {
        int count = sh.commandCount();
        for (int i = Math.max(0, count - 10); i <= count; i++) {
            sh.out().println(i + " - " + sh.historyEntry(i));
        }
    }

    static void redo(List<String> words, Shell sh) throws CliException {
        if (words.size() < 2) {
            throw Commands.find("redo").usageError();
        }
        int index;
        try {
            index = Integer.decode(words.get(1));
        } catch (NumberFormatException e) {
            throw new CliException("Command index out of range");
        }
        int count = sh.commandCount();
        if (index < 0 || index >= count) {
            throw new CliException("Command index out of range");
        }
        String line = sh.historyEntry(index);
        List<String> again = Shell.split(line);
        if (again.isEmpty() || again.get(0).equals("redo")) {
            throw new CliException("No redoing redos");
        }
        sh.replaceHistory(count, line);
        sh.dispatch(again);
    }

    static void printWatches(List<String> words, Shell sh) {
        if (words.size() == 1) {
            sh.out().println("printwatches is " + (sh.printWatches() ? "on" : "off"));
        } else {
            sh.setPrintWatches(words.get(1).equals("on"));
        }
    }

    static void help(List<String> words, Shell sh) {
        sh.usage(sh.out());
    }
}
