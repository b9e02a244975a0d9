package io.warden.persistence.pekko;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The directory of one persistence id under a plugin's root: readable when short, a hash when long. */
final class PluginDirs {
    private PluginDirs() {
    }

    static Path forPersistenceId(Path root, String persistenceId) {
        String encoded = URLEncoder.encode(persistenceId, StandardCharsets.UTF_8).replace("*", "%2A");
        if (encoded.length() <= 120 && !encoded.startsWith(".")) {
            return root.resolve("p-" + encoded);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(persistenceId.getBytes(StandardCharsets.UTF_8));
            return root.resolve("h-" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
