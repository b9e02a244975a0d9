package io.warden.api.auth;

/**
 * ZooKeeper's "ip" scheme ({@code IPAuthenticationProvider}): a connection's identity is its remote
 * address, and an ACL id is an address or a CIDR block ("10.0.0.0/8", "fe80::/10"), IPv4 or IPv6.
 * Parsing follows ZooKeeper's, including what it rejects (zone ids such as "%eth0", embedded IPv4 in
 * IPv6) so that ACLs match on Warden exactly as they do on ZooKeeper.
 */
public final class IpAuth {
    public static final String SCHEME = "ip";

    private IpAuth() {
    }

    /**
     * Whether a client at {@code address} (as {@code InetAddress.getHostAddress()} gives it) matches the ACL id.
     * Addresses of different families never match.
     */
    public static boolean matches(String aclId, String address) {
        int slash = aclId.indexOf('/');
        byte[] acl = parse(slash < 0 ? aclId : aclId.substring(0, slash));
        if (acl == null) {
            return false;
        }
        int bits = acl.length * 8;
        if (slash >= 0) {
            Integer prefix = prefixLength(aclId.substring(slash + 1), acl.length * 8);
            if (prefix == null) {
                return false;
            }
            bits = prefix;
        }
        byte[] remote = parse(address);
        if (remote == null || remote.length != acl.length) {
            return false;
        }
        mask(acl, bits);
        mask(remote, bits);
        for (int i = 0; i < acl.length; i++) {
            if (acl[i] != remote[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the ACL id is an address, or an address with a prefix length in range for its family. */
    public static boolean isValid(String aclId) {
        int slash = aclId.indexOf('/');
        byte[] acl = parse(slash < 0 ? aclId : aclId.substring(0, slash));
        return acl != null && (slash < 0 || prefixLength(aclId.substring(slash + 1), acl.length * 8) != null);
    }

    private static Integer prefixLength(String s, int maxBits) {
        try {
            int bits = Integer.parseInt(s);
            return bits >= 0 && bits <= maxBits ? bits : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void mask(byte[] b, int bits) {
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            b[i] &= (byte) (0xff00 >>> keep);
        }
    }

    /** 4 bytes for IPv4, 16 for IPv6, null when the text is neither. A ':' means IPv6, else a '.' IPv4. */
    static byte[] parse(String addr) {
        if (addr.indexOf(':') >= 0) {
            return parseV6(addr);
        }
        if (addr.indexOf('.') >= 0) {
            return parseV4(addr);
        }
        return null;
    }

    private static byte[] parseV4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b;
    }

    private static byte[] parseV6(String addr) {
        String[] halves = addr.split("::", -1);
        String[] head;
        String[] tail;
        if (halves.length == 1) {
            head = addr.split(":", -1);
            tail = new String[0];
            if (head.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            tail = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            // "::" stands for at least one zero group.
            if (head.length + tail.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] b = new byte[16];
        return fill(b, 0, head) && fill(b, 16 - 2 * tail.length, tail) ? b : null;
    }

    private static boolean fill(byte[] b, int at, String[] groups) {
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return false;
            }
            int v;
            try {
                v = Integer.parseInt(g, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            b[at++] = (byte) (v >> 8);
            b[at++] = (byte) v;
        }
        return true;
    }
}
