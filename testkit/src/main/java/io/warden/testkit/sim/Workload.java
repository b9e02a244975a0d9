package io.warden.testkit.sim;

import static io.warden.testkit.sim.Describe.hex;

import io.warden.api.data.Ids;
import io.warden.api.proto.Code;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.DeleteRequest;
import io.warden.api.proto.OpCode;
import io.warden.api.proto.SetDataRequest;
import io.warden.api.txn.Txn;
import io.warden.server.state.Applied;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The random client workload: clients open sessions, create ephemeral and persistent znodes, set and delete them,
 * close their sessions or vanish without a word (the leader must expire them), and move to another server when theirs
 * fails them. A write counts as acknowledged when the client's server answers it.
 */
final class Workload {
    /** A request unanswered this long (simulated ms) is given up: its outcome stays unknown to the client. */
    private static final long GIVE_UP_MS = 3_000;

    private final Simulation sim;
    private final Random random;
    private final List<SimClient> clients = new ArrayList<>();
    /** Sessions no client will ever use again: the leader must expire them. */
    private final Set<Long> abandoned = new HashSet<>();

    Workload(Simulation sim, Random random, int clientCount) {
        this.sim = sim;
        this.random = random;
        for (int i = 0; i < clientCount; i++) {
            clients.add(new SimClient(i, 2_000 + random.nextInt(4_001)));
        }
    }

    void start() {
        for (SimClient c : clients) {
            sim.scheduleClient(1_000 + random.nextInt(1_000_000), c.id);
        }
    }

    void step(int clientId, boolean healing) {
        SimClient c = clients.get(clientId);
        sim.scheduleClient(50_000 + random.nextInt(350_000), c.id);
        SimNode server = c.server < 0 ? null : sim.node(c.server);
        if (server == null || !server.up || random.nextInt(50) == 0) {
            List<SimNode> up = sim.upNodes();
            if (up.isEmpty()) {
                return;
            }
            server = up.get(random.nextInt(up.size()));
            c.server = server.id;
        }
        if (c.waiting && sim.now() - c.requestSentAt > GIVE_UP_MS * 1000) {
            give(c, "gives up on its request");
        }
        if (c.session != 0) {
            server.touch(c.session, c.timeoutMs);
        }
        if (healing || c.waiting) {
            return;
        }
        if (c.session == 0) {
            long id = server.createSession(c.timeoutMs);
            if (id != 0) {
                c.sent(server.id, id, 0, OpCode.CREATE_SESSION, sim.now());
                sim.trace("client " + c.id + " at n" + server.id + " opens session " + hex(id));
            }
            return;
        }
        int r = random.nextInt(100);
        if (r < 3) {
            sim.trace("client " + c.id + " vanishes, leaving session " + hex(c.session));
            abandoned.add(c.session);
            c.session = 0;
            return;
        }
        String k = Integer.toString(random.nextInt(6));
        int type;
        Object body;
        if (r < 40) {
            type = OpCode.CREATE;
            body = new CreateRequest("/e" + k, data(c), Ids.OPEN_ACL_UNSAFE, 1);
        } else if (r < 55) {
            type = OpCode.CREATE;
            body = new CreateRequest("/p" + k, data(c), Ids.OPEN_ACL_UNSAFE, 0);
        } else if (r < 75) {
            type = OpCode.SET_DATA;
            body = new SetDataRequest("/p" + k, data(c), -1);
        } else if (r < 96) {
            type = OpCode.DELETE;
            body = new DeleteRequest((random.nextBoolean() ? "/e" : "/p") + k, -1);
        } else {
            type = OpCode.CLOSE_SESSION;
            body = null;
        }
        int cxid = ++c.cxid;
        Txn request = new Txn(0, 0, c.session, cxid, type, List.of(), body);
        if (server.write(request)) {
            c.sent(server.id, c.session, cxid, type, sim.now());
            sim.trace("client " + c.id + " at n" + server.id + " sends " + Describe.txn(request));
        }
    }

    private byte[] data(SimClient c) {
        return ("c" + c.id + "." + c.cxid).getBytes(StandardCharsets.UTF_8);
    }

    /** Server {@code node} applied {@code t}: if a client waits there for it, the client is answered. */
    void applied(long node, Txn t, Applied a) {
        for (SimClient c : clients) {
            if (!c.awaits(node, t.sessionId(), t.cxid(), t.type())) {
                continue;
            }
            c.waiting = false;
            sim.checker().acknowledged(t.zxid());
            sim.trace("client " + c.id + " answered " + hex(t.zxid()) + (a.err() == 0 ? "" : " err " + a.err()));
            if (t.type() == OpCode.CREATE_SESSION) {
                c.session = t.sessionId();
            } else if (t.type() == OpCode.CLOSE_SESSION || a.err() == Code.SESSIONEXPIRED.intValue()) {
                c.session = 0;
            }
        }
    }

    /** Server {@code node} lost its role or its life: requests waiting there have an unknown outcome. */
    void lost(long node) {
        for (SimClient c : clients) {
            if (c.waiting && c.requestNode == node) {
                give(c, "loses its connection to n" + node);
            }
        }
    }

    void failed(long node, long sessionId, int cxid, String why) {
        for (SimClient c : clients) {
            if (c.waiting && c.requestNode == node && c.requestSession == sessionId && c.requestCxid == cxid) {
                give(c, "is refused (" + why + ")");
            }
        }
    }

    private void give(SimClient c, String why) {
        sim.trace("client " + c.id + " " + why);
        c.waiting = false;
        c.server = -1;
        if (c.requestType == OpCode.CREATE_SESSION) {
            // The session may exist without the client knowing its id: nobody will keep it alive.
            abandoned.add(c.requestSession);
        }
    }

    /** How many of these sessions were abandoned by their clients. */
    int abandonedAmong(Set<Long> sessions) {
        int n = 0;
        for (long s : sessions) {
            if (abandoned.contains(s)) {
                n++;
            }
        }
        return n;
    }
}
