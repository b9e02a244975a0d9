package io.warden.cli.tools;

import io.warden.api.data.ACL;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Perms;
import io.warden.api.data.Stat;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/** The text forms the storage tools print: zxids and ids in hex, times in UTC, ACLs as scheme:id:perms. */
final class Texts {
    private Texts() {
    }

    static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static String acl(List<ACL> acl) {
        if (acl == null) {
            return "[]";
        }
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (ACL a : acl) {
            j.add(a.id().scheme() + ":" + a.id().id() + ":" + perms(a.perms()));
        }
        return j.toString();
    }

    /** Letters in ZooKeeper's order: c d r w a. */
    static String perms(int perms) {
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

    static String mode(int flags) {
        CreateMode m = CreateMode.fromFlag(flags);
        return m == null ? "flags=" + flags : m.name();
    }

    static String stat(Stat s) {
        return "cZxid=" + hex(s.czxid()) + " ctime=" + time(s.ctime()) + " mZxid=" + hex(s.mzxid())
                + " mtime=" + time(s.mtime()) + " pZxid=" + hex(s.pzxid()) + " cversion=" + s.cversion()
                + " dataVersion=" + s.version() + " aclVersion=" + s.aversion()
                + " ephemeralOwner=" + hex(s.ephemeralOwner()) + " dataLength=" + s.dataLength()
                + " numChildren=" + s.numChildren();
    }

    /** A zxid as given on a command line: hex with 0x, or decimal. */
    static long parseZxid(String text) throws ToolException {
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ToolException("not a zxid: '" + text + "' (use hex such as 0x100000001, or decimal)");
        }
    }
}
