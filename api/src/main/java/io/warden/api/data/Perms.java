package io.warden.api.data;

/** ACL permission bits, as ZooKeeper's {@code ZooDefs.Perms}. */
public final class Perms {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int ADMIN = 16;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;

    private Perms() {
    }

    /** The permission letters in ZooKeeper's order and spelling, as zkCli and its tools print them: c d r w a. */
    public static String letters(int perms) {
        StringBuilder p = new StringBuilder(5);
        if ((perms & CREATE) != 0) {
            p.append('c');
        }
        if ((perms & DELETE) != 0) {
            p.append('d');
        }
        if ((perms & READ) != 0) {
            p.append('r');
        }
        if ((perms & WRITE) != 0) {
            p.append('w');
        }
        if ((perms & ADMIN) != 0) {
            p.append('a');
        }
        return p.toString();
    }
}
