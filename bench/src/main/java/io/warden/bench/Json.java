package io.warden.bench;

import java.util.List;
import java.util.Locale;

/** A flat JSON object written field by field: enough for result files, without a JSON library. */
final class Json {
    private final StringBuilder b = new StringBuilder("{");

    Json field(String name, String value) {
        return raw(name, value == null ? "null" : quote(value));
    }

    Json field(String name, long value) {
        return raw(name, Long.toString(value));
    }

    Json field(String name, double value) {
        return raw(name, Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
    }

    /** A field whose value is already JSON (an object or array). */
    Json raw(String name, String json) {
        if (b.length() > 1) {
            b.append(", ");
        }
        b.append(quote(name)).append(": ").append(json);
        return this;
    }

    static String array(List<String> jsonElements) {
        return jsonElements.isEmpty() ? "[]" : "[\n  " + String.join(",\n  ", jsonElements) + "\n]";
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    @Override
    public String toString() {
        return b + "}";
    }
}
