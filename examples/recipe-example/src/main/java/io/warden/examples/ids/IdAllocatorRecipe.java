package io.warden.examples.ids;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.recipe.Op;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.TreeEvent;
import io.warden.recipe.WriteResult;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Hands out unique, increasing ids to clients in any language, through plain znodes. Under its root {@code R}:
 * <ul>
 *   <li>a client creates {@code R/requests/r-} ({@code EPHEMERAL_SEQUENTIAL}, no data) and watches it;</li>
 *   <li>the recipe writes the next id into it (decimal text), in the order the requests were made, and keeps the id
 *       after that in {@code R}'s data;</li>
 *   <li>the client reads its id and deletes its request (or leaves it to go with its session).</li>
 * </ul>
 * No id is given twice, even across leader changes: the counter and the request move in one multi with version
 * checks, so a write of an old instance and one of a new instance cannot both succeed.
 */
public final class IdAllocatorRecipe implements Recipe<Object> {
    @Override
    public String name() {
        return "id-allocator";
    }

    @Override
    public Behavior<Object> create(RecipeContext context) {
        return Behaviors.setup(ctx -> {
            ActorRef<WriteResult> results = ctx.messageAdapter(WriteResult.class, r -> r);
            ActorRef<TreeEvent> events = ctx.messageAdapter(TreeEvent.class, e -> e);
            context.tree().tell(new TreeCommand.Create(context.root() + "/requests", new byte[0], Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, results));
            context.tree().tell(new TreeCommand.Subscribe(context.root(), events));
            return new Shell(context, results, new Allocation(context.root())).idle();
        });
    }

    /** The actor around {@link Allocation}: one write in flight at a time, decided again after every answer. */
    private record Shell(RecipeContext context, ActorRef<WriteResult> results, Allocation allocation) {
        Behavior<Object> idle() {
            return Behaviors.receive(Object.class)
                    .onMessage(TreeEvent.class, e -> {
                        allocation.apply(e);
                        return writeIfDue();
                    })
                    .onMessage(WriteResult.class, r -> r instanceof WriteResult.Refused f
                            && f.reason() == WriteResult.Refused.Reason.FENCED ? Behaviors.stopped() : Behaviors.same())
                    .build();
        }

        Behavior<Object> writing() {
            return Behaviors.receive(Object.class)
                    .onMessage(TreeEvent.class, e -> {
                        allocation.apply(e);
                        return Behaviors.same();
                    })
                    .onMessage(WriteResult.class, r -> {
                        if (r instanceof WriteResult.Refused f && f.reason() == WriteResult.Refused.Reason.FENCED) {
                            return Behaviors.stopped();
                        }
                        // Done or lost a race (a request deleted, the counter moved): either way the events so far
                        // show the tree as it is now, which decides the next write.
                        if (r instanceof WriteResult.Failed f) {
                            context.log().debug("allocation not made ({}); deciding again", f.code());
                        }
                        return writeIfDue();
                    })
                    .build();
        }

        private Behavior<Object> writeIfDue() {
            Optional<List<Op>> write = allocation.nextWrite();
            if (write.isEmpty()) {
                return idle();
            }
            context.tree().tell(new TreeCommand.Multi(write.get(), results));
            return writing();
        }
    }
}
