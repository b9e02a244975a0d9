package io.warden.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestAuthTest {

    @ParameterizedTest
    @ValueSource(strings = {"super:test", "bob:secret", "user:", ":password", "nocolon", "", "a:b:c", "ünï:cødé",
        "日本:語", "x:y", "long-user-name-with-dashes:and a long password with spaces 1234567890"})
    void sameDigestAsZooKeeper(String idPassword) throws NoSuchAlgorithmException {
        assertEquals(DigestAuthenticationProvider.generateDigest(idPassword), DigestAuth.generateDigest(idPassword));
    }

    @Test
    void knownValue() {
        // The digest of super:test, as ZooKeeper's documentation for superDigest uses it.
        assertEquals("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", DigestAuth.generateDigest("super:test"));
    }

    @Test
    void seededRandomInputsMatchZooKeeper() throws NoSuchAlgorithmException {
        Random random = new Random(8);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(30);
            for (int k = 0; k < n; k++) {
                sb.append(random.nextInt(6) == 0 ? ':' : (char) (0x20 + random.nextInt(0x2000)));
            }
            String s = sb.toString();
            assertEquals(DigestAuthenticationProvider.generateDigest(s), DigestAuth.generateDigest(s), s);
        }
    }

    @Test
    void authenticateDigestsTheAuthBytes() {
        assertEquals(DigestAuth.generateDigest("bob:pw"), DigestAuth.authenticate("bob:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "a:", ":b", "a", "a:b:c", "", ":", "a::", "user:hash="})
    void validityAsZooKeeper(String id) {
        assertEquals(new DigestAuthenticationProvider().isValid(id), DigestAuth.isValid(id), id);
    }
}
