package io.warden.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** picocli must hand everything from the shell command on to the shell, options included. */
class ShellCommandParsingTest {
    @Command(name = "warden", subcommands = ShellCommand.class)
    static final class Launcher {
    }

    @Test
    void optionsAfterTheCommandBelongToIt() {
        ShellCommand cli = new ShellCommand();
        new CommandLine(cli).parseArgs("-server", "h:1", "-timeout", "5000", "ls", "-s", "-R", "/");
        assertEquals("h:1", cli.server);
        assertEquals(5000, cli.timeoutMs);
        assertEquals(List.of("ls", "-s", "-R", "/"), cli.command);
    }

    @Test
    void defaultsMatchZkCli() {
        ShellCommand cli = new ShellCommand();
        new CommandLine(cli).parseArgs();
        assertEquals("127.0.0.1:2181", cli.server);
        assertEquals(30000, cli.timeoutMs);
        assertEquals(List.of(), cli.command);
    }

    @Test
    void theSameHoldsAsASubcommandOfTheLauncher() {
        CommandLine.ParseResult r = new CommandLine(new Launcher())
                .parseArgs("cli", "-server", "h:2", "create", "-e", "-s", "/x", "-1");
        ShellCommand cli = (ShellCommand) r.subcommand().commandSpec().userObject();
        assertEquals("h:2", cli.server);
        assertEquals(List.of("create", "-e", "-s", "/x", "-1"), cli.command);
    }

    @Test
    void argsSplitLikeZkClisParser() throws CliException {
        Args a = Args.parse(List.of("set", "/p", "-1", "-sv3", "-b"), "sv:b");
        assertEquals(List.of("set", "/p", "-1"), a.positional());
        assertEquals("3", a.value('v'));
        assertEquals(true, a.has('s') && a.has('b'));
        assertEquals(List.of("ls", "a b", "c"), Shell.split("ls 'a b'   \"c\""));
    }
}
