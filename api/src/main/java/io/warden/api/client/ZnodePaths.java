package io.warden.api.client;

/**
 * The client-side znode path check, with the same rules and messages as ZooKeeper's {@code PathUtils.validatePath},
 * so that a bad path fails before it is sent, exactly as with the official client.
 */
public final class ZnodePaths {
    private ZnodePaths() {
    }

    /** For a sequential create the server appends digits, so a trailing '/' is allowed there. */
    public static void validate(String path, boolean sequential) {
        validate(sequential ? path + "1" : path);
    }

    public static void validate(String path) {
        if (path == null) {
            throw new IllegalArgumentException("Path cannot be null");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("Path length must be > 0");
        }
        if (path.charAt(0) != '/') {
            throw new IllegalArgumentException("Path must start with / character");
        }
        if (path.length() == 1) {
            return;
        }
        if (path.charAt(path.length() - 1) == '/') {
            throw new IllegalArgumentException("Path must not end with / character");
        }
        String reason = null;
        char last = '/';
        for (int i = 1; i < path.length(); last = path.charAt(i), i++) {
            char c = path.charAt(i);
            boolean endsSegment = i + 1 == path.length() || path.charAt(i + 1) == '/';
            if (c == 0) {
                reason = "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                reason = "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (path.charAt(i - 2) == '/' && endsSegment) {
                    reason = "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (path.charAt(i - 1) == '/' && endsSegment) {
                    reason = "relative paths not allowed @" + i;
                }
            } else if (c <= '\u001f' || c >= '\u007f' && c <= '\u009f' || c >= '\ud800' && c <= '\uf8ff' || c >= '\ufff0') {
                reason = "invalid character @" + i;
            }
            if (reason != null) {
                throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + reason);
            }
        }
    }
}
