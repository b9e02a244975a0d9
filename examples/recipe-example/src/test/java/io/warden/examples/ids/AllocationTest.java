package io.warden.examples.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Stat;
import io.warden.recipe.Op;
import io.warden.recipe.TreeEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AllocationTest {
    private static TreeEvent.Node node(String data, int version) {
        return new TreeEvent.Node(data.getBytes(StandardCharsets.UTF_8), new Stat(1, 1, 0, 0, version, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void theOldestWaitingRequestGetsTheNextIdAndTheCounterMovesWithIt() {
        Allocation a = new Allocation("/ids");
        TreeMap<String, TreeEvent.Node> nodes = new TreeMap<>();
        nodes.put("/ids", node("41", 7));
        nodes.put("/ids/requests", node("", 0));
        nodes.put("/ids/requests/r-0000000002", node("", 0));
        nodes.put("/ids/requests/r-0000000001", node("", 0));
        nodes.put("/ids/requests/r-0000000000", node("40", 1));
        a.apply(new TreeEvent.Snapshot("/ids", 5, nodes));
        List<Op> write = a.nextWrite().orElseThrow();
        Op.SetData counter = (Op.SetData) write.get(0);
        Op.SetData request = (Op.SetData) write.get(1);
        assertEquals("/ids", counter.path());
        assertEquals("42", text(counter.data()));
        assertEquals(7, counter.version(), "only if nobody moved the counter since");
        assertEquals("/ids/requests/r-0000000001", request.path(), "the oldest request still without an id");
        assertEquals("41", text(request.data()));
        assertEquals(0, request.version(), "only while it has no id");
        assertEquals(2, a.waiting());
    }

    @Test
    void afterItsOwnWriteItMovesOnAndAfterADeletionItForgetsTheRequest() {
        Allocation a = new Allocation("/ids");
        TreeMap<String, TreeEvent.Node> nodes = new TreeMap<>();
        nodes.put("/ids", node("", 0));
        a.apply(new TreeEvent.Snapshot("/ids", 5, nodes));
        assertTrue(a.nextWrite().isEmpty());
        a.apply(new TreeEvent.Created(6, "/ids/requests/r-0000000000", node("", 0)));
        a.apply(new TreeEvent.Created(7, "/ids/requests/r-0000000001", node("", 0)));
        List<Op> first = a.nextWrite().orElseThrow();
        assertEquals("/ids/requests/r-0000000000", first.get(1).path());
        assertEquals("1", text(((Op.SetData) first.get(1)).data()));
        // The multi's events: the root moved to 2, the request got its id.
        a.apply(new TreeEvent.Changed(8, "/ids", node("2", 1)));
        a.apply(new TreeEvent.Changed(8, "/ids/requests/r-0000000000", node("1", 1)));
        List<Op> second = a.nextWrite().orElseThrow();
        assertEquals("/ids/requests/r-0000000001", second.get(1).path());
        assertEquals("2", text(((Op.SetData) second.get(1)).data()));
        assertEquals(1, ((Op.SetData) second.get(0)).version());
        a.apply(new TreeEvent.Deleted(9, "/ids/requests/r-0000000001"));
        assertTrue(a.nextWrite().isEmpty());
        assertEquals(2, a.next());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
