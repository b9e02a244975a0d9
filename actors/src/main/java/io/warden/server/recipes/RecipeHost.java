package io.warden.server.recipes;

import io.warden.server.metrics.RecipeStatus;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs the configured recipes where they belong: one instance of each while this server leads (or serves standalone),
 * none otherwise. The write path tells it when this server starts leading an epoch and when it stops; each instance is
 * a {@link RecipeSession} fenced by that epoch. An instance that fails, or whose session is lost, is started again
 * after a backoff that doubles with each consecutive end (counted); one that was fenced waits for the next epoch.
 */
public final class RecipeHost extends AbstractBehavior<RecipeHost.Command> {

    public sealed interface Command {
    }

    /** This server now leads {@code epoch} (an ensemble's leader, established; or a standalone server). */
    public record Leading(long epoch) implements Command {
    }

    /** This server no longer leads. */
    public record NotLeading() implements Command {
    }

    /** Where this server's client writes go (the sequencer, or the peer's client adapter). */
    public record WritesTo(ActorRef<Sequencer.Command> writes) implements Command {
    }

    private record InstanceStopped(String name, int generation) implements Command {
    }

    private record InstanceEnded(String name, int generation, RecipeSession.Ending ending, String detail)
            implements Command {
    }

    private record RestartDue(String name, int generation) implements Command {
    }

    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** One configured recipe and its instance, if any. */
    private static final class Slot {
        final RecipeSpec spec;
        final RecipeStatus.Entry status;
        ActorRef<RecipeSession.Command> session;
        int generation;
        int consecutiveEnds;
        boolean fenced;

        Slot(RecipeSpec spec, RecipeStatus.Entry status) {
            this.spec = spec;
            this.status = status;
        }
    }

    public static Behavior<Command> create(List<RecipeSpec> recipes, ActorRef<StateMachine.Command> stateMachine,
                                           RecipeStatus status) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RecipeHost(ctx, timers, recipes, stateMachine,
                status)));
    }

    private final TimerScheduler<Command> timers;
    private final ActorRef<StateMachine.Command> stateMachine;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private ActorRef<Sequencer.Command> writes;
    private boolean leading;
    private long epoch;

    private RecipeHost(ActorContext<Command> ctx, TimerScheduler<Command> timers, List<RecipeSpec> recipes,
                       ActorRef<StateMachine.Command> stateMachine, RecipeStatus status) {
        super(ctx);
        this.timers = timers;
        this.stateMachine = stateMachine;
        for (RecipeSpec spec : recipes) {
            slots.put(spec.name(), new Slot(spec, status.register(spec.name(), spec.recipe().getClass().getName(),
                    spec.root())));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WritesTo.class, w -> {
                    writes = w.writes();
                    startAll();
                    return this;
                })
                .onMessage(Leading.class, this::onLeading)
                .onMessage(NotLeading.class, n -> {
                    if (leading) {
                        getContext().getLog().info("No longer leading epoch {}: stopping {} recipe instance(s)", epoch,
                                slots.size());
                    }
                    leading = false;
                    stopAll();
                    return this;
                })
                .onMessage(InstanceEnded.class, this::onEnded)
                .onMessage(InstanceStopped.class, this::onStopped)
                .onMessage(RestartDue.class, r -> {
                    Slot s = slots.get(r.name());
                    if (leading && s.session == null && s.generation == r.generation() && !s.fenced) {
                        start(s);
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onLeading(Leading l) {
        if (leading && l.epoch() == epoch) {
            return this;
        }
        stopAll();
        leading = true;
        epoch = l.epoch();
        for (Slot s : slots.values()) {
            s.fenced = false;
            s.consecutiveEnds = 0;
        }
        startAll();
        return this;
    }

    private void startAll() {
        if (!leading || writes == null) {
            return;
        }
        for (Slot s : slots.values()) {
            if (s.session == null) {
                start(s);
            }
        }
    }

    private void start(Slot s) {
        int generation = ++s.generation;
        String name = s.spec.name();
        timers.cancel(name);
        ActorRef<Command> self = getContext().getSelf();
        RecipeSession.Listener listener = (ending, detail) -> self.tell(new InstanceEnded(name, generation, ending, detail));
        s.session = getContext().spawn(RecipeSession.create(s.spec, epoch, writes, stateMachine, listener),
                "recipe-" + name + "-" + generation);
        getContext().watchWith(s.session, new InstanceStopped(name, generation));
        s.status.running = true;
        s.status.epoch = epoch;
        getContext().getLog().info("Started recipe {} ({}) of epoch {} under {}", name,
                s.spec.recipe().getClass().getName(), epoch, s.spec.root());
    }

    private void stopAll() {
        for (Slot s : slots.values()) {
            timers.cancel(s.spec.name());
            if (s.session != null) {
                s.session.tell(new RecipeSession.Stop());
                // Its end is no failure: a later InstanceStopped of this generation is ignored.
                s.generation++;
                s.session = null;
            }
            s.status.running = false;
        }
    }

    private Behavior<Command> onEnded(InstanceEnded e) {
        Slot s = slots.get(e.name());
        if (s.generation != e.generation()) {
            return this;
        }
        switch (e.ending()) {
            case FENCED -> {
                s.fenced = true;
                getContext().getLog().info("Recipe {} of epoch {} was fenced; it starts again with the next epoch this "
                        + "server leads", e.name(), epoch);
            }
            case FAILED -> {
                s.status.lastFailure = e.detail();
                getContext().getLog().warn("Recipe {} failed: {}", e.name(), e.detail());
            }
            default -> getContext().getLog().info("Recipe {} ended: {}", e.name(), e.detail());
        }
        return this;
    }

    private Behavior<Command> onStopped(InstanceStopped stopped) {
        Slot s = slots.get(stopped.name());
        if (s.generation != stopped.generation()) {
            return this;
        }
        s.session = null;
        s.status.running = false;
        if (!leading || s.fenced) {
            return this;
        }
        Duration backoff = backoff(s.consecutiveEnds++);
        s.status.restarts++;
        getContext().getLog().info("Recipe {} starts again in {} ms (restart {})", stopped.name(), backoff.toMillis(),
                s.status.restarts);
        timers.startSingleTimer(stopped.name(), new RestartDue(stopped.name(), s.generation), backoff);
        return this;
    }

    static Duration backoff(int consecutiveEnds) {
        long ms = MIN_BACKOFF.toMillis() << Math.min(consecutiveEnds, 20);
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }
}
