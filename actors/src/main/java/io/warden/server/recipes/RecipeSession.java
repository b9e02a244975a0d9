package io.warden.server.recipes;

import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Ids;
import io.warden.api.proto.Code;
import io.warden.api.proto.OpCode;
import io.warden.recipe.RecipeContext;
import io.warden.recipe.TreeCommand;
import io.warden.recipe.TreeEvent;
import io.warden.recipe.WriteResult;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a recipe, seen from the server: a client session like any other (created, kept alive and
 * closed through the write path, its reads served by the state machine), whose requests come as the recipe SPI's
 * messages instead of frames. It keeps a session's order — a read waits for the writes sent before it — fences every
 * write with the epoch the instance started in, holds writes to the recipe's root, and bounds those in flight. The
 * recipe's own behaviour runs as its child on the recipe dispatcher; when either ends, both do.
 */
final class RecipeSession extends AbstractBehavior<RecipeSession.Command> {

    sealed interface Command {
    }

    /** End the instance: close its session (through whoever leads now) and stop. */
    record Stop() implements Command {
    }

    private record FromRecipe(TreeCommand command) implements Command {
    }

    private record Event(ConnectionEvent event) implements Command {
    }

    private record Published(StateMachine.Published published) implements Command {
    }

    private record KeepAlive() implements Command {
    }

    /** How an instance ended, for the host to decide whether to start another. */
    enum Ending { FAILED, FENCED, SESSION_LOST, STOPPED }

    /** Told to the host just before this actor stops on its own. */
    interface Listener {
        void ended(Ending ending, String detail);
    }

    /** A request sent (or waiting to be sent); {@code command} is null for the instance's own root creation. */
    private record Pending(int xid, TreeCommand command, boolean write) {
    }

    private enum Phase { OPENING, ROOTING, RUNNING, CLOSING }

    static Behavior<Command> create(RecipeSpec spec, long epoch, ActorRef<Sequencer.Command> writes,
                                    ActorRef<StateMachine.Command> stateMachine, Listener listener) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new RecipeSession(ctx, timers, spec, epoch, writes, stateMachine, listener)));
    }

    private final TimerScheduler<Command> timers;
    private final RecipeSpec spec;
    private final long epoch;
    private final ActorRef<Sequencer.Command> writes;
    private final ActorRef<StateMachine.Command> stateMachine;
    private final Listener listener;
    private final ActorRef<ConnectionEvent> events;
    private final ActorRef<StateMachine.Published> published;
    private final ActorRef<TreeCommand> tree;
    private final List<Id> identity;
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final Map<Integer, ActorRef<TreeEvent>> subscribers = new HashMap<>();
    private Phase phase = Phase.OPENING;
    private long sessionId;
    private int xid;
    private int writesPending;
    private int writesInFlight;
    private int rootsPending;
    private String rootFailure;
    private ActorRef<Object> instance;
    private int subscriptions;

    private RecipeSession(ActorContext<Command> ctx, TimerScheduler<Command> timers, RecipeSpec spec, long epoch,
                          ActorRef<Sequencer.Command> writes, ActorRef<StateMachine.Command> stateMachine,
                          Listener listener) {
        super(ctx);
        this.timers = timers;
        this.spec = spec;
        this.epoch = epoch;
        this.writes = writes;
        this.stateMachine = stateMachine;
        this.listener = listener;
        this.identity = spec.identity();
        this.events = ctx.messageAdapter(ConnectionEvent.class, Event::new);
        this.published = ctx.messageAdapter(StateMachine.Published.class, Published::new);
        this.tree = ctx.messageAdapter(TreeCommand.class, FromRecipe::new);
        writes.tell(new Sequencer.CreateSession(spec.sessionTimeoutMs(), events));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Event.class, e -> onEvent(e.event()))
                .onMessage(FromRecipe.class, m -> onCommand(m.command()))
                .onMessage(Published.class, m -> {
                    ActorRef<TreeEvent> s = subscribers.get(m.published().id());
                    if (s != null) {
                        s.tell(m.published().event());
                    }
                    return this;
                })
                .onMessage(KeepAlive.class, k -> {
                    writes.tell(new Sequencer.Touch(sessionId, 0));
                    return this;
                })
                .onMessage(Stop.class, s -> {
                    closeSession();
                    return Behaviors.stopped();
                })
                .onSignal(ChildFailed.class, f -> end(Ending.FAILED, String.valueOf(f.getCause())))
                .onSignal(Terminated.class, t -> end(Ending.STOPPED, "the recipe's behaviour stopped"))
                .onSignal(PostStop.class, p -> {
                    if (sessionId != 0) {
                        stateMachine.tell(new StateMachine.Disconnected(sessionId, events));
                    }
                    return this;
                })
                .build();
    }

    // ---- the session ----

    private Behavior<Command> onEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.SessionEstablished s && phase == Phase.OPENING) {
            sessionId = s.sessionId();
            timers.startTimerWithFixedDelay(new KeepAlive(), Duration.ofMillis(Math.max(1, spec.sessionTimeoutMs() / 3)));
            phase = Phase.ROOTING;
            createRoot();
            return this;
        }
        if (event instanceof ConnectionEvent.Reply r) {
            return onReply(r);
        }
        if (event instanceof ConnectionEvent.WriteFenced f) {
            getContext().getLog().info("Recipe {} of epoch {}: a write was refused, the ensemble is no longer led in "
                    + "that epoch; stopping the instance", spec.name(), epoch);
            refuseAll(WriteResult.Refused.Reason.FENCED, "the ensemble is no longer led in epoch " + epoch
                    + " (this instance's)");
            return end(Ending.FENCED, "fenced by epoch " + f.epoch());
        }
        if (event instanceof ConnectionEvent.SessionClosed || event instanceof ConnectionEvent.SessionMoved) {
            sessionId = 0;
            return end(Ending.SESSION_LOST, "its session " + (phase == Phase.OPENING ? "could not be created"
                    : "ended (expired, or this server stopped serving)"));
        }
        return this;
    }

    /** The root and its parents, persistent and open, before the instance starts; existing ones are fine. */
    private void createRoot() {
        String root = spec.root();
        for (int i = root.indexOf('/', 1); ; i = root.indexOf('/', i + 1)) {
            String prefix = i < 0 ? root : root.substring(0, i);
            rootsPending++;
            admit(new Pending(++xid, new TreeCommand.Create(prefix, new byte[0], Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, null), true));
            if (i < 0) {
                break;
            }
        }
    }

    private Behavior<Command> rootAnswered(int err) {
        if (err != 0 && err != Code.NODEEXISTS.intValue() && rootFailure == null) {
            rootFailure = "creating its root " + spec.root() + " failed: " + Code.of(err);
        }
        if (--rootsPending > 0) {
            return this;
        }
        if (rootFailure != null) {
            return end(Ending.FAILED, rootFailure);
        }
        phase = Phase.RUNNING;
        startInstance();
        return this;
    }

    @SuppressWarnings("unchecked")
    private void startInstance() {
        RecipeContext context = new Context(spec.name(), spec.root(), spec.settings(), epoch, sessionId, identity,
                LoggerFactory.getLogger("io.warden.recipe." + spec.name()), tree);
        Behavior<Object> behavior = Behaviors.setup(c -> (Behavior<Object>) spec.recipe().create(context));
        instance = getContext().spawn(behavior, "instance", DispatcherSelector.fromConfig("warden.recipe-dispatcher"));
        getContext().watch(instance);
    }

    private void closeSession() {
        if (sessionId != 0 && phase != Phase.CLOSING) {
            writes.tell(new Sequencer.Submit(sessionId, ++xid, OpCode.CLOSE_SESSION, identity, null));
        }
        phase = Phase.CLOSING;
    }

    private Behavior<Command> end(Ending ending, String detail) {
        if (phase != Phase.CLOSING) {
            listener.ended(ending, detail);
            if (ending != Ending.SESSION_LOST) {
                closeSession();
            }
            phase = Phase.CLOSING;
        }
        return Behaviors.stopped();
    }

    // ---- the recipe's requests ----

    private Behavior<Command> onCommand(TreeCommand command) {
        if (phase == Phase.CLOSING) {
            return this;
        }
        if (command instanceof TreeCommand.Subscribe s) {
            int id = ++subscriptions;
            subscribers.put(id, s.subscriber());
            stateMachine.tell(new StateMachine.Subscribe(s.path(), id, published));
        } else if (command instanceof TreeCommand.Read r) {
            admit(new Pending(++xid, r, false));
        } else if (command instanceof TreeCommand.Write w) {
            for (String path : Requests.paths(w)) {
                if (!under(path, spec.root())) {
                    w.replyTo().tell(new WriteResult.Refused(w, WriteResult.Refused.Reason.OUTSIDE_ROOT,
                            "recipe " + spec.name() + " may write only under " + spec.root() + ", not " + path));
                    return this;
                }
            }
            if (writesPending >= spec.maxWritesInFlight()) {
                w.replyTo().tell(new WriteResult.Refused(w, WriteResult.Refused.Reason.TOO_MANY_IN_FLIGHT,
                        "recipe " + spec.name() + " has " + writesPending + " writes unanswered (recipe." + spec.name()
                                + ".maxWritesInFlight)"));
                return this;
            }
            admit(new Pending(++xid, w, true));
        }
        return this;
    }

    private void admit(Pending p) {
        if (p.write()) {
            writesPending++;
        }
        held.add(p);
        drain();
    }

    /** As a client connection: writes go at once, a read only when no earlier write is unanswered. */
    private void drain() {
        while (!held.isEmpty()) {
            Pending p = held.peekFirst();
            if (!p.write() && writesInFlight > 0) {
                return;
            }
            held.pollFirst();
            inFlight.add(p);
            if (p.write()) {
                writesInFlight++;
                Requests.Wire wire = Requests.of((TreeCommand.Write) p.command());
                writes.tell(new Sequencer.FencedSubmit(new Sequencer.Submit(sessionId, p.xid(), wire.type(), identity,
                        wire.body()), epoch, events));
            } else {
                Requests.Wire wire = Requests.of((TreeCommand.Read) p.command());
                stateMachine.tell(new StateMachine.Read(sessionId, identity, p.xid(), wire.type(), wire.body(), events));
            }
        }
    }

    private Behavior<Command> onReply(ConnectionEvent.Reply r) {
        Pending p = inFlight.peekFirst();
        if (p == null || p.xid() != r.xid()) {
            getContext().getLog().debug("Recipe {}: dropping an answer to xid {} it is not waiting for", spec.name(), r.xid());
            return this;
        }
        inFlight.pollFirst();
        if (p.write()) {
            writesInFlight--;
            writesPending--;
        }
        if (phase == Phase.ROOTING) {
            return rootAnswered(r.err());
        } else if (p.command() instanceof TreeCommand.Write w) {
            w.replyTo().tell(Requests.writeResult(w, r.err(), r.body(), r.zxid()));
        } else if (p.command() instanceof TreeCommand.Read read) {
            read.replyTo().tell(Requests.readResult(read, r.err(), r.body(), r.zxid()));
        }
        drain();
        return this;
    }

    private void refuseAll(WriteResult.Refused.Reason reason, String message) {
        List<Pending> all = new ArrayList<>(inFlight);
        all.addAll(held);
        inFlight.clear();
        held.clear();
        for (Pending p : all) {
            if (p.command() instanceof TreeCommand.Write w) {
                w.replyTo().tell(new WriteResult.Refused(w, reason, message));
            }
        }
    }

    static boolean under(String path, String root) {
        return path != null && (path.equals(root) || path.startsWith(root + "/"));
    }

    private record Context(String name, String root, Map<String, String> settings, long epoch, long sessionId,
                           List<Id> identity, org.slf4j.Logger log, ActorRef<TreeCommand> tree)
            implements RecipeContext {
    }
}
