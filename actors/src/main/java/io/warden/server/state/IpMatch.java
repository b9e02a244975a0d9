package io.warden.server.state;

/**
 * The "ip" ACL scheme as ZooKeeper's IPAuthenticationProvider: an ACL id is an IPv4 or IPv6 address with an
 * optional "/bits" prefix length; it matches a client address whose first bits are equal.
 */
final class IpMatch {
    private IpMatch() {
    }

    /** IPAuthenticationProvider.isValid. */
    static boolean isValid(String aclExpr) {
        String[] parts = aclExpr.split("/", 2);
        byte[] addr = toBytes(parts[0]);
        return addr != null && (parts.length == 1 || prefixBits(parts[1], addr.length) >= 0);
    }

    /** IPAuthenticationProvider.matches: does client address {@code id} fall inside {@code aclExpr}? */
    static boolean matches(String id, String aclExpr) {
        String[] parts = aclExpr.split("/", 2);
        byte[] acl = toBytes(parts[0]);
        if (acl == null) {
            return false;
        }
        int bits = acl.length * 8;
        if (parts.length == 2) {
            bits = prefixBits(parts[1], acl.length);
            if (bits < 0) {
                return false;
            }
        }
        byte[] remote = toBytes(id);
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

    private static int prefixBits(String s, int addrBytes) {
        try {
            int bits = Integer.parseInt(s);
            return bits < 0 || bits > addrBytes * 8 ? -1 : bits;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void mask(byte[] b, int bits) {
        int start = bits / 8;
        int startMask = ~((1 << (8 - (bits % 8))) - 1);
        while (start < b.length) {
            b[start] &= (byte) startMask;
            startMask = 0;
            start++;
        }
    }

    private static byte[] toBytes(String addr) {
        if (addr.indexOf(':') >= 0) {
            return v6(addr);
        } else if (addr.indexOf('.') >= 0) {
            return v4(addr);
        }
        return null;
    }

    private static byte[] v4(String addr) {
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

    private static byte[] v6(String addr) {
        String[] halves = addr.split("::", -1);
        String[] head;
        String[] tail = new String[0];
        if (halves.length == 1) {
            head = halves[0].split(":", -1);
            if (head.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            tail = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            if (head.length + tail.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] out = new byte[16];
        return segments(out, 0, head) && segments(out, 16 - tail.length * 2, tail) ? out : null;
    }

    private static boolean segments(byte[] out, int at, String[] segs) {
        for (String s : segs) {
            if (s.isEmpty() || s.length() > 4) {
                return false;
            }
            int v;
            try {
                v = Integer.parseInt(s, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            out[at++] = (byte) (v >> 8);
            out[at++] = (byte) v;
        }
        return true;
    }
}
