package io.warden.cli.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The command table, with zkCli 3.9's names and syntax strings. */
final class Commands {
    private static final String NL = System.lineSeparator();
    private static final String GET_OPTIONS = NL
            + " -b   Output data in base64 format" + NL
            + " -s   Print znode stats additionally" + NL
            + " -w   Watch for changes on the znode" + NL
            + " -x   Output data in hexdump format" + NL;
    private static final String SET_OPTIONS = NL
            + " -b         Supply data in base64 format" + NL
            + " -s         Print znode stats additionally" + NL
            + " -v <arg>   Set with an expected version" + NL;

    static final String USAGE_HEADER = "warden cli -server host:port -timeout ms cmd args";

    private static final Map<String, CommandDef> TABLE = new TreeMap<>();

    static {
        node("ls", "[-s] [-w] [-R] path", NodeCommands::ls);
        node("create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]", NodeCommands::create);
        add(new CommandDef("get", "[-s] [-w] [-b] [-x] path", GET_OPTIONS, true, NodeCommands::get));
        add(new CommandDef("set", "path data [-s] [-v version] [-b]", SET_OPTIONS, true, NodeCommands::set));
        node("delete", "[-v version] path", NodeCommands::delete);
        node("deleteall", "path [-b batch size]", NodeCommands::deleteAll);
        node("stat", "[-w] path", NodeCommands::stat);
        node("getAcl", "[-s] path", NodeCommands::getAcl);
        node("setAcl", "[-s] [-v version] [-R] path acl", NodeCommands::setAcl);
        node("sync", "path", NodeCommands::sync);
        node("getEphemerals", "path", NodeCommands::getEphemerals);
        node("getAllChildrenNumber", "path", NodeCommands::getAllChildrenNumber);
        node("addauth", "scheme auth", SessionCommands::addAuth);
        node("addWatch", "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is "
                + "PERSISTENT_RECURSIVE", SessionCommands::addWatch);
        node("removewatches", "path [-c|-d|-a] [-l]", SessionCommands::removeWatches);
        node("whoami", "", SessionCommands::whoAmI);
        node("close", "", SessionCommands::close);
        local("connect", "host:port", SessionCommands::connect);
        local("quit", "", SessionCommands::quit);
        local("history", "", SessionCommands::history);
        local("redo", "cmdno", SessionCommands::redo);
        local("printwatches", "on|off", SessionCommands::printWatches);
        local("help", "", SessionCommands::help);
    }

    private Commands() {
    }

    private static void add(CommandDef def) {
        TABLE.put(def.name(), def);
    }

    private static void node(String name, String syntax, CommandDef.Body body) {
        add(new CommandDef(name, syntax, "", true, body));
    }

    private static void local(String name, String syntax, CommandDef.Body body) {
        add(new CommandDef(name, syntax, "", false, body));
    }

    static CommandDef find(String name) {
        return TABLE.get(name);
    }

    /** Command names in zkCli's order (Collections.sort: case-sensitive). */
    static List<String> names() {
        List<String> names = new ArrayList<>(TABLE.keySet());
        Collections.sort(names);
        return names;
    }

    /** The usage list: a header line, then a tab, name and syntax per command. */
    static List<String> usageLines() {
        List<String> lines = new ArrayList<>();
        lines.add(USAGE_HEADER);
        for (String name : names()) {
            lines.add("\t" + name + " " + TABLE.get(name).syntax());
        }
        return lines;
    }
}
