package io.warden.bench;

/** The request mixes the load generator can drive. Every one is closed-loop: a reply releases the next request. */
public enum Workload {
    CREATE("create", "create persistent sequential nodes under one parent"),
    SET_DATA("setData", "setData on a random existing key"),
    GET_DATA("getData", "getData of a random existing key"),
    EXISTS("exists", "exists on a random existing key"),
    GET_CHILDREN("getChildren", "getChildren of a small directory"),
    MULTI("multi", "multi of 2 setData + 1 check on random distinct keys"),
    MIXED("mixed", "90% getData / 10% setData on random keys");

    private final String label;
    private final String description;

    Workload(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public boolean writes() {
        return this == CREATE || this == SET_DATA || this == MULTI || this == MIXED;
    }

    /** Accepts the label ("getData") or the constant name ("GET_DATA"), any case. */
    public static Workload parse(String text) {
        String t = text.trim();
        for (Workload w : values()) {
            if (w.label.equalsIgnoreCase(t) || w.name().equalsIgnoreCase(t.replace('-', '_'))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + text + "'; known: " + labels());
    }

    public static String labels() {
        StringBuilder b = new StringBuilder();
        for (Workload w : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(w.label);
        }
        return b.toString();
    }
}
