// Record shape as in ZooKeeper's zookeeper.jute (module txn).
package io.warden.api.txn;

import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;

/** Creates a session with the negotiated timeout (ms). */
public record CreateSessionTxn(int timeOut) implements JuteRecord {
    public static final int MIN_BYTES = 4;

    @Override
    public void write(JuteOutput out) {
        out.writeInt(timeOut);
    }

    public static CreateSessionTxn read(JuteInput in) {
        return new CreateSessionTxn(in.readInt());
    }
}
