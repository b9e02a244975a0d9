package io.warden.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * ZooKeeper's "digest" scheme ({@code DigestAuthenticationProvider}): a client authenticates with
 * "user:password", and its identity — the id that digest ACLs name — is "user:" followed by the base64
 * of the SHA-1 of the whole "user:password" string.
 */
public final class DigestAuth {
    public static final String SCHEME = "digest";

    private DigestAuth() {
    }

    /** "user:password" → "user:base64(sha1("user:password"))"; without a ':' the whole input is the user. */
    public static String generateDigest(String idPassword) {
        int colon = idPassword.indexOf(':');
        String user = colon < 0 ? idPassword : idPassword.substring(0, colon);
        return user + ":" + Base64.getEncoder().encodeToString(sha1(idPassword.getBytes(StandardCharsets.UTF_8)));
    }

    /** The identity an auth packet of this scheme establishes: the digest of its bytes read as UTF-8. */
    public static String authenticate(byte[] authData) {
        return generateDigest(new String(authData, StandardCharsets.UTF_8));
    }

    /**
     * Whether an ACL id is well formed for this scheme: exactly two ':'-separated parts, where — as with
     * Java's {@code split} that ZooKeeper uses — trailing empty parts do not count ("user:" is invalid).
     */
    public static boolean isValid(String id) {
        return id.split(":").length == 2;
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
