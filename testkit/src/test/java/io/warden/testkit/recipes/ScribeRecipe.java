package io.warden.testkit.recipes;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Ids;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * For the fencing test: writes a sequential node {@code ROOT/w-} every few milliseconds whose data is the epoch its
 * instance started in, and notes (in this JVM, where the testkit's nodes all run) which instances stopped and how many
 * of their writes were refused as fenced.
 */
public final class ScribeRecipe implements Recipe<Object> {
    public static final Set<Long> STOPPED_EPOCHS = ConcurrentHashMap.newKeySet();
    public static final AtomicLong FENCED = new AtomicLong();

    private record Write() {
    }

    @Override
    public String name() {
        return "scribe";
    }

    @Override
    public Behavior<Object> create(RecipeContext context) {
        byte[] epoch = Long.toString(context.epoch()).getBytes(StandardCharsets.UTF_8);
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            ActorRef<WriteResult> results = ctx.messageAdapter(WriteResult.class, r -> r);
            timers.startTimerWithFixedDelay(new Write(), Duration.ofMillis(5));
            return Behaviors.receive(Object.class)
                    .onMessage(Write.class, w -> {
                        context.tree().tell(new TreeCommand.Create(context.root() + "/w-", epoch, Ids.OPEN_ACL_UNSAFE,
                                CreateMode.PERSISTENT_SEQUENTIAL, results));
                        return Behaviors.same();
                    })
                    .onMessage(WriteResult.Refused.class, r -> {
                        if (r.reason() == WriteResult.Refused.Reason.FENCED) {
                            FENCED.incrementAndGet();
                        }
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        STOPPED_EPOCHS.add(context.epoch());
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
