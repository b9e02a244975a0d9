package io.warden.api.jute;

/** A record with ZooKeeper's jute binary encoding. Each implementation also has a static {@code read(JuteInput)}. */
public interface JuteRecord {
    void write(JuteOutput out);

    default byte[] toBytes() {
        JuteOutput out = new JuteOutput();
        write(out);
        return out.toByteArray();
    }
}
