package io.warden.server.state;

import io.warden.api.auth.IpAuth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.data.Perms;
import io.warden.api.proto.Code;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AclsTest {
    private static final Id ALICE = new Id("digest", "alice:hash1");
    private static final Id BOB = new Id("digest", "bob:hash2");
    private static final Id IP = new Id("ip", "10.1.2.3");

    @ParameterizedTest(name = "[{index}] {0} in {1} -> {2}")
    @CsvSource({
        "10.1.2.3,10.1.2.3,true", "10.1.2.4,10.1.2.3,false", "10.1.2.3,10.0.0.0/8,true", "11.1.2.3,10.0.0.0/8,false",
        "10.1.2.3,10.1.2.0/24,true", "10.1.3.3,10.1.2.0/24,false", "10.1.2.3,0.0.0.0/0,true",
        "10.1.2.3,10.1.2.2/31,true", "10.1.2.4,10.1.2.2/31,false", "10.1.2.3,10.1.2.3/33,false",
        "10.1.2.3,10.1.2.3/x,false", "10.1.2.3,not-an-ip,false", "10.1.2,10.1.2.0/24,false",
        "::1,::1,true", "::1,::2,false", "fe80::1,fe80::/10,true", "fe80::1,fe00::/16,false",
        "2001:db8:0:0:0:0:0:1,2001:db8::1,true", "2001:db8::1,2001:db8::/32,true", "10.1.2.3,::/0,false",
        "::ffff:1,::/96,true", "1:2:3:4:5:6:7:8:9,::/0,false", "1::2::3,::/0,false",
    })
    void ipMatchesLikeZooKeeper(String client, String acl, boolean expected) {
        assertEquals(expected, IpAuth.matches(acl, client));
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1,true", "10.0.0.0/8,true", "10.0.0.0/33,false", "10.0.0.256,false", "::1/128,true",
        "::1/129,false", "host.example,false", "10.0.0,false"})
    void ipValidity(String id, boolean valid) {
        assertEquals(valid, IpAuth.isValid(id));
    }

    @Test
    void worldDigestIpAndSuper() {
        List<ACL> acl = List.of(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE), new ACL(Perms.ALL, ALICE),
                new ACL(Perms.WRITE, new Id("ip", "10.0.0.0/8")));
        assertEquals(true, Acls.allowed(acl, Perms.READ, List.of()));
        assertEquals(false, Acls.allowed(acl, Perms.DELETE, List.of(BOB)));
        assertEquals(true, Acls.allowed(acl, Perms.DELETE, List.of(BOB, ALICE)));
        assertEquals(true, Acls.allowed(acl, Perms.WRITE, List.of(IP)));
        assertEquals(false, Acls.allowed(acl, Perms.WRITE, List.of(new Id("ip", "192.168.1.1"))));
        assertEquals(true, Acls.allowed(acl, Perms.ADMIN, List.of(new Id("super", ""))));
        // Schemes without a provider never match, even with an equal id.
        assertEquals(false, Acls.allowed(List.of(new ACL(Perms.ALL, new Id("sasl", "x"))), Perms.READ,
                List.of(new Id("sasl", "x"))));
        // READ | ADMIN asks for either.
        assertEquals(true, Acls.allowed(List.of(new ACL(Perms.ADMIN, ALICE)), Perms.READ | Perms.ADMIN, List.of(ALICE)));
    }

    @Test
    void fixupExpandsAuthToDigestIdsOnlyAndDropsDuplicates() throws Exception {
        List<ACL> fixed = Acls.fixup(List.of(new ACL(Perms.ALL, Ids.AUTH_IDS), new ACL(Perms.ALL, Ids.AUTH_IDS),
                new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)), List.of(IP, ALICE, new Id("super", ""), BOB));
        assertEquals(List.of(new ACL(Perms.ALL, ALICE), new ACL(Perms.ALL, BOB), new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)),
                fixed);
    }

    @Test
    void fixupRefusals() {
        assertInvalid(List.of());
        assertInvalid(null);
        assertInvalid(List.of(new ACL(Perms.ALL, Ids.AUTH_IDS)));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("world", "someone"))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("digest", "nocolon"))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("digest", "a:b:c"))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("digest", "user:"))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("ip", "300.0.0.1"))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id("super", ""))));
        assertInvalid(List.of(new ACL(Perms.ALL, new Id(null, "x"))));
    }

    private static void assertInvalid(List<ACL> acl) {
        StateException e = assertThrows(StateException.class, () -> Acls.fixup(acl, List.of(IP)));
        assertEquals(Code.INVALIDACL, e.code());
    }

    @Test
    void maskDigests() {
        assertEquals(List.of(new ACL(Perms.ALL, new Id("digest", "alice:x")), new ACL(Perms.READ, IP)),
                Acls.maskDigests(List.of(new ACL(Perms.ALL, ALICE), new ACL(Perms.READ, IP))));
    }
}
