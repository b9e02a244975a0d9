package io.warden.testkit.recipes;

import io.warden.recipe.ReadResult;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A recipe with a timer, for the testkit's example: every {@code intervalMs} (setting, default 1000) it writes the
 * number of beats so far into its root, counting on from what the root holds (so a new instance carries on). Its
 * writes carry the version it last saw: if anyone else writes the root, it stops and the host starts it again.
 */
public final class HeartbeatRecipe implements Recipe<Object> {
    private record Beat() {
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public Behavior<Object> create(RecipeContext context) {
        Duration interval = Duration.ofMillis(Long.parseLong(context.settings().getOrDefault("intervalMs", "1000")));
        return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
            ActorRef<ReadResult> reads = ctx.messageAdapter(ReadResult.class, r -> r);
            ActorRef<WriteResult> writes = ctx.messageAdapter(WriteResult.class, r -> r);
            context.tree().tell(new TreeCommand.GetData(context.root(), reads));
            timers.startTimerWithFixedDelay(new Beat(), interval);
            return beating(context, writes, -1, -1);
        }));
    }

    /** {@code beats} -1: the root is not read yet. */
    private static Behavior<Object> beating(RecipeContext context, ActorRef<WriteResult> writes, int beats, int version) {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof ReadResult.NodeData d) {
                String text = new String(d.data(), StandardCharsets.UTF_8);
                return beating(context, writes, text.isEmpty() ? 0 : Integer.parseInt(text), d.stat().version());
            }
            if (m instanceof Beat && beats >= 0) {
                context.tree().tell(new TreeCommand.SetData(context.root(),
                        Integer.toString(beats + 1).getBytes(StandardCharsets.UTF_8), version, writes));
                return beating(context, writes, beats + 1, version + 1);
            }
            if (m instanceof WriteResult.Failed || m instanceof WriteResult.Refused) {
                return Behaviors.stopped();
            }
            return Behaviors.same();
        });
    }
}
