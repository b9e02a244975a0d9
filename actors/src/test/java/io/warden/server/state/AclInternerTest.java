package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.warden.api.data.ACL;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclInternerTest {
    /** A fresh copy each time, as every decoded create request carries. */
    private static List<ACL> worldAll() {
        return new ArrayList<>(List.of(new ACL(Perms.ALL, new Id(new String("world"), new String("anyone")))));
    }

    @Test
    void nodesWithEqualAclsShareOneList() {
        DataTree tree = DataTree.initial(false);
        tree.create("/a", new byte[1], worldAll(), 0, 1, 1);
        tree.create("/b", new byte[1], worldAll(), 0, 2, 2);
        assertSame(tree.get("/a").acl, tree.get("/b").acl);
        assertEquals(worldAll(), tree.get("/a").acl);

        tree.setAcl("/b", List.of(new ACL(Perms.READ, new Id("world", "anyone"))), 1);
        assertNotSame(tree.get("/a").acl, tree.get("/b").acl);
        tree.create("/c", new byte[1], List.of(new ACL(Perms.READ, new Id("world", "anyone"))), 0, 3, 3);
        assertSame(tree.get("/b").acl, tree.get("/c").acl);
        // Back to the first list after another: still the one shared instance.
        tree.create("/d", new byte[1], worldAll(), 0, 4, 4);
        assertSame(tree.get("/a").acl, tree.get("/d").acl);
    }

    @Test
    void theSharedListCannotBeChangedThroughTheCallersCopy() {
        AclInterner interner = new AclInterner();
        List<ACL> mine = worldAll();
        List<ACL> shared = interner.intern(mine);
        mine.clear();
        assertEquals(worldAll(), shared);
        assertSame(shared, interner.intern(worldAll()));
    }
}
