package io.warden.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.zookeeper.server.auth.IPAuthenticationProvider;
import org.junit.jupiter.api.Test;

/** IP ACL matching against ZooKeeper's IPAuthenticationProvider (whose matches takes the address first). */
class IpAuthTest {
    private static final IPAuthenticationProvider ZK = new IPAuthenticationProvider();

    private static final List<String> ACLS = List.of(
            "127.0.0.1", "127.0.0.1/32", "127.0.0.0/8", "10.0.0.0/8", "10.1.2.3/16", "192.168.1.0/24", "192.168.1.128/25",
            "0.0.0.0/0", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/x", "1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1.2.3.4/",
            "::1", "0:0:0:0:0:0:0:1", "::1/128", "fe80::/10", "2001:db8::/32", "2001:db8:0:0:0:0:0:1", "2001:db8::1/64",
            "::/0", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::1", "g::1", "1:2:3:4:5:6:7::", "::", "localhost", "", "/8",
            "::ffff:1.2.3.4", "fe80::1%eth0", "10.0.0.1/24/1");
    private static final List<String> ADDRESSES = List.of(
            "127.0.0.1", "127.1.2.3", "10.0.0.1", "10.1.255.255", "10.2.0.0", "11.0.0.0", "192.168.1.5", "192.168.1.200",
            "0:0:0:0:0:0:0:1", "::1", "fe80:0:0:0:0:0:0:1", "fe80::abcd", "febf::1", "fec0::1", "2001:db8:0:0:0:0:0:1",
            "2001:db8::ffff", "2001:db9::1", "0:0:0:0:0:0:0:1%0", "garbage", "", "1.2.3.4");

    @Test
    void tableAgreesWithZooKeeper() {
        for (String acl : ACLS) {
            for (String addr : ADDRESSES) {
                assertEquals(ZK.matches(addr, acl), IpAuth.matches(acl, addr), () -> "acl " + acl + " address " + addr);
            }
            assertEquals(ZK.isValid(acl), IpAuth.isValid(acl), () -> "isValid " + acl);
        }
    }

    @Test
    void cidrExamples() {
        assertTrue(IpAuth.matches("10.0.0.0/8", "10.200.3.4"));
        assertFalse(IpAuth.matches("10.0.0.0/8", "11.0.0.1"));
        assertTrue(IpAuth.matches("192.168.1.128/25", "192.168.1.200"));
        assertFalse(IpAuth.matches("192.168.1.128/25", "192.168.1.5"));
        assertTrue(IpAuth.matches("fe80::/10", "fe80:0:0:0:0:0:0:1"));
        assertTrue(IpAuth.matches("::1", "0:0:0:0:0:0:0:1"));
        assertFalse(IpAuth.matches("127.0.0.1", "::1"));
        assertTrue(IpAuth.matches("127.0.0.1", "127.0.0.1"));
    }

    @Test
    void seededRandomCidrsAgreeWithZooKeeper() {
        Random random = new Random(77);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean v6 = random.nextBoolean();
            String acl = (v6 ? v6(random) : v4(random)) + (random.nextBoolean() ? "/" + random.nextInt(v6 ? 130 : 34) : "");
            String addr = random.nextInt(4) == 0 ? (v6 ? v4(random) : v6(random)) : (v6 ? v6(random) : v4(random));
            boolean zk = ZK.matches(addr, acl);
            assertEquals(zk, IpAuth.matches(acl, addr), () -> "acl " + acl + " address " + addr);
            assertEquals(ZK.isValid(acl), IpAuth.isValid(acl), () -> "isValid " + acl);
            matched += zk ? 1 : 0;
        }
        // The generator must produce both outcomes in bulk, or the comparison proves little.
        assertTrue(matched > 1000 && matched < 19_000, "matches: " + matched);
    }

    /** Addresses close to each other so that prefixes matter. */
    private static String v4(Random r) {
        return "10." + r.nextInt(3) + "." + r.nextInt(3) + "." + r.nextInt(256);
    }

    private static String v6(Random r) {
        StringBuilder sb = new StringBuilder("fe80");
        int groups = r.nextBoolean() ? 7 : 3;
        if (groups == 3) {
            sb.append("::");
        }
        for (int g = 0; g < groups; g++) {
            if (g > 0 || groups == 7) {
                sb.append(groups == 3 && g == 0 ? "" : ":");
            }
            sb.append(Integer.toHexString(r.nextInt(4) == 0 ? r.nextInt(0x10000) : r.nextInt(3)));
        }
        return sb.toString();
    }
}
