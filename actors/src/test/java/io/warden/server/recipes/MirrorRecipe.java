package io.warden.server.recipes;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.TreeEvent;
import io.warden.recipe.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A test recipe that shows what an instance sees: every node created under {@code ROOT/in} gets a copy under
 * {@code ROOT/out} (also for nodes that were there before it started: it rebuilds from the snapshot), and every session
 * that ends gets {@code ROOT/ended/<id>} saying how it ended and which of its ephemerals were under the root.
 */
public final class MirrorRecipe implements Recipe<Object> {
    @Override
    public String name() {
        return "mirror";
    }

    @Override
    public Behavior<Object> create(RecipeContext context) {
        return Behaviors.setup(ctx -> {
            String in = context.root() + "/in/";
            ActorRef<WriteResult> results = ctx.messageAdapter(WriteResult.class, r -> r);
            ActorRef<TreeEvent> events = ctx.messageAdapter(TreeEvent.class, e -> e);
            Set<String> copied = new HashSet<>();
            create(context, context.root() + "/in", new byte[0], results);
            create(context, context.root() + "/out", new byte[0], results);
            create(context, context.root() + "/ended", new byte[0], results);
            context.tree().tell(new TreeCommand.Subscribe(context.root(), events));
            return Behaviors.receiveMessage(m -> {
                if (m instanceof TreeEvent.Snapshot s) {
                    for (Map.Entry<String, TreeEvent.Node> e : s.nodes().entrySet()) {
                        copy(context, in, e.getKey(), e.getValue(), copied, results);
                    }
                } else if (m instanceof TreeEvent.Created c) {
                    copy(context, in, c.path(), c.node(), copied, results);
                } else if (m instanceof TreeEvent.SessionEnded e) {
                    String text = (e.expired() ? "expired" : "closed") + " " + String.join(",", e.ephemerals());
                    create(context, context.root() + "/ended/" + Long.toHexString(e.sessionId()),
                            text.getBytes(StandardCharsets.UTF_8), results);
                }
                return Behaviors.same();
            });
        });
    }

    private static void copy(RecipeContext context, String in, String path, TreeEvent.Node node, Set<String> copied,
                             ActorRef<WriteResult> results) {
        if (node == null || !path.startsWith(in) || path.indexOf('/', in.length()) >= 0) {
            return;
        }
        String name = path.substring(in.length());
        if (copied.add(name)) {
            create(context, context.root() + "/out/" + name, node.data(), results);
        }
    }

    private static void create(RecipeContext context, String path, byte[] data, ActorRef<WriteResult> results) {
        context.tree().tell(new TreeCommand.Create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, results));
    }
}
