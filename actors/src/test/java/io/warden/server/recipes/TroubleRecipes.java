package io.warden.server.recipes;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.recipe.Op;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Recipes that misbehave, one way each, for the host's isolation tests. Each records what it saw in its root. */
public final class TroubleRecipes {
    private TroubleRecipes() {
    }

    static void create(RecipeContext c, String path, String data, CreateMode mode, ActorRef<WriteResult> replyTo) {
        c.tree().tell(new TreeCommand.Create(path, data.getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, mode,
                replyTo));
    }

    /** Throws every time an instance starts. */
    public static final class ThrowsAtStart implements Recipe<Object> {
        static final AtomicInteger STARTS = new AtomicInteger();

        @Override
        public String name() {
            return "throws-at-start";
        }

        @Override
        public Behavior<Object> create(RecipeContext context) {
            STARTS.incrementAndGet();
            throw new IllegalStateException("this recipe cannot start");
        }
    }

    /** Leaves a mark (a sequential node), then throws as soon as its write is answered. */
    public static final class ThrowsWhileRunning implements Recipe<WriteResult> {
        @Override
        public String name() {
            return "throws-while-running";
        }

        @Override
        public Behavior<WriteResult> create(RecipeContext context) {
            return Behaviors.setup(ctx -> {
                TroubleRecipes.create(context, context.root() + "/start-", "", CreateMode.PERSISTENT_SEQUENTIAL,
                        ctx.getSelf());
                return Behaviors.receiveMessage(r -> {
                    throw new IllegalStateException("failing after " + r);
                });
            });
        }
    }

    /** Blocks its thread until the test lets it go. */
    public static final class Blocks implements Recipe<Object> {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final CountDownLatch BLOCKED = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocks";
        }

        @Override
        public Behavior<Object> create(RecipeContext context) {
            return Behaviors.setup(ctx -> {
                BLOCKED.countDown();
                RELEASE.await();
                return Behaviors.ignore();
            });
        }
    }

    /** Tries to write outside its root, alone and inside a multi, and writes the answers it got into its root. */
    public static final class WritesOutsideItsRoot implements Recipe<WriteResult> {
        @Override
        public String name() {
            return "writes-outside";
        }

        @Override
        public Behavior<WriteResult> create(RecipeContext context) {
            return Behaviors.setup(ctx -> {
                TroubleRecipes.create(context, "/outside", "", CreateMode.PERSISTENT, ctx.getSelf());
                context.tree().tell(new TreeCommand.Multi(List.of(
                        new Op.Create(context.root() + "/inside", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                        new Op.Delete("/zookeeper/quota", -1)), ctx.getSelf()));
                // A sibling with a name that merely starts like the root is outside it too.
                TroubleRecipes.create(context, context.root() + "-sibling", "", CreateMode.PERSISTENT, ctx.getSelf());
                AtomicInteger answers = new AtomicInteger();
                return Behaviors.receiveMessage(r -> {
                    if (r instanceof WriteResult.Refused refused) {
                        TroubleRecipes.create(context, context.root() + "/refused-" + answers.incrementAndGet(),
                                refused.reason() + " " + refused.message(), CreateMode.PERSISTENT, ctx.getSelf());
                    }
                    return Behaviors.same();
                });
            });
        }
    }

    /** Sends 50 writes at once and records how many were taken and how many refused. */
    public static final class Floods implements Recipe<WriteResult> {
        static final int WRITES = 50;

        @Override
        public String name() {
            return "floods";
        }

        @Override
        public Behavior<WriteResult> create(RecipeContext context) {
            return Behaviors.setup(ctx -> {
                for (int i = 0; i < WRITES; i++) {
                    TroubleRecipes.create(context, context.root() + "/w-", "", CreateMode.PERSISTENT_SEQUENTIAL,
                            ctx.getSelf());
                }
                AtomicInteger created = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                return Behaviors.receiveMessage(r -> {
                    if (r instanceof WriteResult.Created c && c.path().contains("/w-")) {
                        created.incrementAndGet();
                    } else if (r instanceof WriteResult.Refused f
                            && f.reason() == WriteResult.Refused.Reason.TOO_MANY_IN_FLIGHT) {
                        refused.incrementAndGet();
                    }
                    if (created.get() + refused.get() == WRITES) {
                        TroubleRecipes.create(context, context.root() + "/result",
                                "created=" + created.get() + " refused=" + refused.get(), CreateMode.PERSISTENT,
                                ctx.getSelf());
                        created.set(-1_000_000);
                    }
                    return Behaviors.same();
                });
            });
        }
    }

    /** Not a recipe at all. */
    public static final class NotARecipe {
    }

    /** A recipe without a public no-argument constructor. */
    public static final class NoDefaultConstructor implements Recipe<Object> {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public String name() {
            return "no-default-constructor";
        }

        @Override
        public Behavior<Object> create(RecipeContext context) {
            return Behaviors.ignore();
        }
    }

    /** Fails while being made. */
    public static final class ThrowsInConstructor implements Recipe<Object> {
        public ThrowsInConstructor() {
            throw new IllegalStateException("cannot be made");
        }

        @Override
        public String name() {
            return "throws-in-constructor";
        }

        @Override
        public Behavior<Object> create(RecipeContext context) {
            return Behaviors.ignore();
        }
    }
}
