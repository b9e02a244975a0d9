package io.warden.api.path;

/**
 * ZooKeeper's znode path rules ({@code PathUtils.validatePath}), with its exact messages, so that a client
 * sees the same BADARGUMENTS cases against Warden as against ZooKeeper.
 *
 * <p>A valid path is "/" or starts with "/", does not end with "/", has no empty element ("//"), no "."
 * or ".." element, and no character in U+0000, U+0001–U+001F, U+007F–U+009F, U+D800–U+F8FF (which
 * includes every surrogate, so no supplementary characters) or U+FFF0–U+FFFF.
 */
public final class PathValidation {
    private PathValidation() {
    }

    /** @throws IllegalArgumentException when the path is not a valid znode path */
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
        int n = path.length();
        if (n == 1) {
            return;
        }
        if (path.charAt(n - 1) == '/') {
            throw new IllegalArgumentException("Path must not end with / character");
        }
        for (int i = 1; i < n; i++) {
            String reason = problemAt(path, i);
            if (reason != null) {
                throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + reason + " @" + i);
            }
        }
    }

    /**
     * Validates a path to be created, where a sequential create will append a counter: ZooKeeper checks
     * the path with a digit appended, so "/a/" is a valid sequential prefix.
     */
    public static void validate(String path, boolean sequential) {
        validate(sequential ? path + "1" : path);
    }

    /** True when {@link #validate(String)} would accept the path. */
    public static boolean isValid(String path) {
        try {
            validate(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The problem with the character at index i (i >= 1), or null. */
    private static String problemAt(String path, int i) {
        char c = path.charAt(i);
        char prev = path.charAt(i - 1);
        if (c == '\u0000') {
            return "null character not allowed";
        }
        if (c == '/') {
            return prev == '/' ? "empty node name specified" : null;
        }
        if (c == '.') {
            boolean endsElement = i + 1 == path.length() || path.charAt(i + 1) == '/';
            // "." as a whole element, or ".." as a whole element; other runs of dots are ordinary names.
            boolean startsElement = prev == '/' || (prev == '.' && path.charAt(i - 2) == '/');
            return endsElement && startsElement ? "relative paths not allowed" : null;
        }
        if (c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') || (c >= '\ud800' && c <= '\uf8ff') || c >= '\ufff0') {
            return "invalid character";
        }
        return null;
    }
}
