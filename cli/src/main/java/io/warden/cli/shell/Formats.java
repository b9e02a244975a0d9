package io.warden.cli.shell;

import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** The text forms zkCli prints and parses: Stat blocks, ACLs, permission letters, hex dumps. */
final class Formats {
    private static final String NL = System.lineSeparator();
    private static final String HEX_RULE = "+--------+-------------------------------------------------+----------------+";

    private Formats() {
    }

    /** As zkCli's StatPrinter: times in the JVM's default zone, ids in hex. */
    static void printStat(PrintStream out, Stat stat) {
        out.println("cZxid = 0x" + Long.toHexString(stat.czxid()));
        out.println("ctime = " + new Date(stat.ctime()));
        out.println("mZxid = 0x" + Long.toHexString(stat.mzxid()));
        out.println("mtime = " + new Date(stat.mtime()));
        out.println("pZxid = 0x" + Long.toHexString(stat.pzxid()));
        out.println("cversion = " + stat.cversion());
        out.println("dataVersion = " + stat.version());
        out.println("aclVersion = " + stat.aversion());
        out.println("ephemeralOwner = 0x" + Long.toHexString(stat.ephemeralOwner()));
        out.println("dataLength = " + stat.dataLength());
        out.println("numChildren = " + stat.numChildren());
    }

    /** Letters in ZooKeeper's order: c d r w a. */
    static String permString(int perms) {
        StringBuilder p = new StringBuilder();
        if ((perms & Perms.CREATE) != 0) {
            p.append('c');
        }
        if ((perms & Perms.DELETE) != 0) {
            p.append('d');
        }
        if ((perms & Perms.READ) != 0) {
            p.append('r');
        }
        if ((perms & Perms.WRITE) != 0) {
            p.append('w');
        }
        if ((perms & Perms.ADMIN) != 0) {
            p.append('a');
        }
        return p.toString();
    }

    /** ZooKeeper prints an Id with jute's CSV form, newline included: {@code 'world,'anyone}. */
    static String idString(Id id) {
        return "'" + id.scheme() + ",'" + id.id() + NL;
    }

    /**
     * Parses {@code scheme:id:perms[,...]} as zkCli's AclParser does: a malformed entry or an unknown permission
     * letter is reported on {@code err} and skipped, not fatal.
     */
    static List<ACL> parseAcl(String text, PrintStream err) {
        List<ACL> acl = new ArrayList<>();
        for (String a : text.split(",")) {
            int first = a.indexOf(':');
            int last = a.lastIndexOf(':');
            if (first == -1 || first == last) {
                err.println(a + " does not have the form scheme:id:perm");
                continue;
            }
            int perms = 0;
            for (char c : a.substring(last + 1).toCharArray()) {
                switch (c) {
                    case 'r' -> perms |= Perms.READ;
                    case 'w' -> perms |= Perms.WRITE;
                    case 'c' -> perms |= Perms.CREATE;
                    case 'd' -> perms |= Perms.DELETE;
                    case 'a' -> perms |= Perms.ADMIN;
                    default -> err.println("Unknown perm type: " + c);
                }
            }
            acl.add(new ACL(perms, new Id(a.substring(0, first), a.substring(first + 1, last))));
        }
        return acl;
    }

    /** The hex dump {@code get -x} prints (the layout of Netty's prettyHexDump, which zkCli uses). */
    static String hexDump(byte[] data) {
        if (data.length == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("         +-------------------------------------------------+").append(NL);
        sb.append("         |  0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f |").append(NL);
        sb.append(HEX_RULE);
        for (int row = 0; row * 16 < data.length; row++) {
            int start = row * 16;
            int end = Math.min(start + 16, data.length);
            sb.append(NL).append('|').append(String.format("%08x", start)).append('|');
            for (int i = start; i < end; i++) {
                sb.append(String.format(" %02x", data[i] & 0xff));
            }
            sb.append("   ".repeat(16 - (end - start))).append(" |");
            for (int i = start; i < end; i++) {
                int b = data[i] & 0xff;
                sb.append(b <= 0x1f || b >= 0x7f ? '.' : (char) b);
            }
            sb.append(" ".repeat(16 - (end - start))).append('|');
        }
        sb.append(NL).append(HEX_RULE);
        return sb.toString();
    }
}
