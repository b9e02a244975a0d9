// Record shape as in ZooKeeper's zookeeper.jute 3.9 (module proto).
package io.warden.api.proto;

import io.warden.api.data.ClientInfo;
import io.warden.api.jute.JuteInput;
import io.warden.api.jute.JuteOutput;
import io.warden.api.jute.JuteRecord;
import java.util.List;

/** Jute record {@code WhoAmIResponse}, byte-compatible with ZooKeeper's. */
public record WhoAmIResponse(List<ClientInfo> clientInfo) implements JuteRecord {
    public static final int MIN_BYTES = 4;

    @Override
    public void write(JuteOutput out) {
        out.writeRecords(clientInfo);
    }

    public static WhoAmIResponse read(JuteInput in) {
        return new WhoAmIResponse(in.readRecords(ClientInfo::read, ClientInfo.MIN_BYTES));
    }
}
