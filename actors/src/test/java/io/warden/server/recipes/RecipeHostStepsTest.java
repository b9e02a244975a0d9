package io.warden.server.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import io.warden.api.data.Id;
import io.warden.api.data.Stat;
import io.warden.api.proto.Create2Response;
import io.warden.api.proto.CreateRequest;
import io.warden.api.proto.OpCode;
import io.warden.recipe.Recipe;
import io.warden.recipe.RecipeContext;
import io.warden.server.frontend.ConnectionEvent;
import io.warden.server.metrics.RecipeStatus;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recipe host between probes, on manual time: an instance starts when the server leads (its session first, then
 * its root), stops when it no longer does, and one that fails is started again after a backoff that doubles.
 */
class RecipeHostStepsTest {
    private static final ActorTestKit testKit = ActorTestKit.create("recipe-host-steps",
            ManualTime.config().withFallback(ConfigFactory.parseString("""
                    pekko.loglevel = WARNING
                    warden.recipe-dispatcher { type = Dispatcher, executor = "thread-pool-executor" }
                    """)).withFallback(ConfigFactory.load()));
    private static final ManualTime time = ManualTime.get(testKit.system());
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestProbe<Sequencer.Command> writes;
    private TestProbe<StateMachine.Command> stateMachine;
    private TestProbe<String> instances;
    private final RecipeStatus status = new RecipeStatus();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void probes() {
        writes = testKit.createTestProbe();
        stateMachine = testKit.createTestProbe();
        instances = testKit.createTestProbe();
    }

    /** Tells the probe "started EPOCH" and "stopped EPOCH"; fails at start while {@code failing} is set. */
    private Recipe<Object> recipe(AtomicBoolean failing) {
        ActorRef<String> seen = instances.getRef();
        return new Recipe<>() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public Behavior<Object> create(RecipeContext context) {
                if (failing.get()) {
                    seen.tell("failed " + context.epoch());
                    throw new IllegalStateException("fails at start");
                }
                seen.tell("started " + context.epoch() + " session 0x" + Long.toHexString(context.sessionId()));
                return Behaviors.receive(Object.class)
                        .onSignal(PostStop.class, s -> {
                            seen.tell("stopped " + context.epoch());
                            return Behaviors.same();
                        })
                        .build();
            }
        };
    }

    private ActorRef<RecipeHost.Command> host(AtomicBoolean failing) {
        RecipeSpec spec = new RecipeSpec("p", recipe(failing), "/p", Map.of("root", "/p"), 10, 6_000,
                List.of(new Id("ip", "127.0.0.1")), "recipe.p=probe");
        ActorRef<RecipeHost.Command> host = testKit.spawn(RecipeHost.create(List.of(spec), stateMachine.getRef(), status));
        host.tell(new RecipeHost.WritesTo(writes.getRef()));
        return host;
    }

    /** The instance's session is made, then its root; returns the session's event channel. */
    private ActorRef<ConnectionEvent> expectSessionAndRoot(long sessionId, long epoch) {
        Sequencer.CreateSession create = writes.expectMessageClass(Sequencer.CreateSession.class, WAIT);
        assertEquals(6_000, create.timeoutMs());
        create.connection().tell(new ConnectionEvent.SessionEstablished(sessionId, 6_000));
        Sequencer.FencedSubmit root = writes.expectMessageClass(Sequencer.FencedSubmit.class, WAIT);
        assertEquals(epoch, root.epoch());
        assertEquals(sessionId, root.submit().sessionId());
        assertEquals(OpCode.CREATE2, root.submit().type());
        assertEquals("/p", ((CreateRequest) root.submit().body()).path());
        root.fencedTo().tell(new ConnectionEvent.Reply(root.submit().cxid(), 1, 0, new Create2Response("/p",
                new Stat(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1))));
        return root.fencedTo();
    }

    @Test
    void anInstanceRunsWhileTheServerLeadsAndStopsWhenItNoLonger() {
        ActorRef<RecipeHost.Command> host = host(new AtomicBoolean());
        writes.expectNoMessage(Duration.ofMillis(100));
        host.tell(new RecipeHost.Leading(3));
        expectSessionAndRoot(0x42, 3);
        assertEquals("started 3 session 0x42", instances.receiveMessage(WAIT));
        RecipeStatus.Entry entry = status.entries().iterator().next();
        assertEquals(true, entry.running);
        assertEquals(3, entry.epoch);

        // Kept alive as a client session is: a touch a third of its timeout apart.
        time.timePasses(Duration.ofMillis(2_000));
        assertEquals(new Sequencer.Touch(0x42, 0), writes.expectMessageClass(Sequencer.Touch.class, WAIT));

        host.tell(new RecipeHost.NotLeading());
        Sequencer.Submit close = writes.expectMessageClass(Sequencer.Submit.class, WAIT);
        assertEquals(OpCode.CLOSE_SESSION, close.type());
        assertEquals(0x42, close.sessionId());
        assertEquals("stopped 3", instances.receiveMessage(WAIT));
        assertEquals(false, entry.running);

        // Leading a later epoch: a new instance with a new session.
        host.tell(new RecipeHost.Leading(4));
        expectSessionAndRoot(0x43, 4);
        assertEquals("started 4 session 0x43", instances.receiveMessage(WAIT));
        assertEquals(0, entry.restarts);
    }

    @Test
    void anInstanceThatFailsIsStartedAgainAfterADoublingBackoff() {
        AtomicBoolean failing = new AtomicBoolean(true);
        ActorRef<RecipeHost.Command> host = host(failing);
        host.tell(new RecipeHost.Leading(5));
        expectSessionAndRoot(0x50, 5);
        assertEquals("failed 5", instances.receiveMessage(WAIT));
        // A failed instance closes its session.
        assertEquals(OpCode.CLOSE_SESSION, writes.expectMessageClass(Sequencer.Submit.class, WAIT).type());

        time.timePasses(RecipeHost.MIN_BACKOFF.minusMillis(1));
        writes.expectNoMessage(Duration.ofMillis(100));
        time.timePasses(Duration.ofMillis(1));
        expectSessionAndRoot(0x51, 5);
        assertEquals("failed 5", instances.receiveMessage(WAIT));
        writes.expectMessageClass(Sequencer.Submit.class, WAIT);

        // The second wait is twice the first.
        time.timePasses(RecipeHost.MIN_BACKOFF.multipliedBy(2).minusMillis(1));
        writes.expectNoMessage(Duration.ofMillis(100));
        failing.set(false);
        time.timePasses(Duration.ofMillis(1));
        expectSessionAndRoot(0x52, 5);
        assertEquals("started 5 session 0x52", instances.receiveMessage(WAIT));
        assertEquals(2, status.entries().iterator().next().restarts);
    }

    @Test
    void anInstanceFencedWaitsForTheNextEpochInsteadOfRestarting() {
        ActorRef<RecipeHost.Command> host = host(new AtomicBoolean());
        host.tell(new RecipeHost.Leading(6));
        ActorRef<ConnectionEvent> events = expectSessionAndRoot(0x60, 6);
        assertEquals("started 6 session 0x60", instances.receiveMessage(WAIT));
        events.tell(new ConnectionEvent.WriteFenced(99, 7));
        assertEquals("stopped 6", instances.receiveMessage(WAIT));
        assertInstanceOf(Sequencer.Submit.class, writes.receiveMessage(WAIT));
        time.timePasses(RecipeHost.MAX_BACKOFF);
        writes.expectNoMessage(Duration.ofMillis(100));
        host.tell(new RecipeHost.Leading(7));
        expectSessionAndRoot(0x61, 7);
        assertEquals("started 7 session 0x61", instances.receiveMessage(WAIT));
    }
}
