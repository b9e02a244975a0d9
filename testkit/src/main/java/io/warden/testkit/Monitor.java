package io.warden.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Asks a node's client port for {@code mntr}, as monitoring does, and reads the key/value lines. */
final class Monitor {
    private static final int TIMEOUT_MS = 5_000;

    private Monitor() {
    }

    static Map<String, String> mntr(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write("mntr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> values = new HashMap<>();
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    values.put(line.substring(0, tab), line.substring(tab + 1).trim());
                }
            }
            return values;
        }
    }

    static NodeDigest digest(String host, int port) throws IOException {
        Map<String, String> m = mntr(host, port);
        String zxid = m.get("zk_last_zxid");
        String digest = m.get("zk_tree_digest");
        if (zxid == null || digest == null) {
            throw new IOException("mntr on port " + port + " did not report zk_last_zxid and zk_tree_digest: " + m);
        }
        return new NodeDigest(Long.parseUnsignedLong(zxid.replaceFirst("^0x", ""), 16), Long.parseUnsignedLong(digest, 16));
    }
}
