// Record shape as in ZooKeeper's zookeeper.jute 3.9 (module data).
package io.warden.api.data;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** One authenticated identity of a session, as answered to whoAmI. */
public record ClientInfo(String authScheme, String user) implements JuteRecord {
    public static final int MIN_BYTES = 8;

    @Override
    public void write(JuteOutput out) {
        out.writeString(authScheme);
        out.writeString(user);
    }

    public static ClientInfo read(JuteInput in) {
        return new ClientInfo(in.readString(), in.readString());
    }
}
