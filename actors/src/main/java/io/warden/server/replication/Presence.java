package io.warden.server.replication;

import io.warden.server.config.EnsembleConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The transport's word on whether the other servers' processes are there, which Zab uses as a hint (ZooKeeper's
 * follower reacts to its leader's socket closing; Pekko's Artery keeps that to itself). Every server listens on its
 * election port and never says anything; every server keeps one idle TCP connection to each other member's election
 * port. When a connection that was established closes, the kernel of a dead process closed it (or the network
 * failed): the Peer is told {@link MemberGone} at once. A link that cannot be made is tried again after a while; it
 * tells nothing, since heartbeats stay the authority on liveness.
 */
public final class Presence extends AbstractBehavior<Presence.Command> {

    public interface Command {
    }

    /** What the Peer hears: the established connection to {@code sid} has closed. */
    public record MemberGone(long sid) {
    }

    private record Retry() implements Command {
    }

    private record Connected(long sid, long link, Throwable failure) implements Command {
    }

    private record Closed(long sid, long link) implements Command {
    }

    private record Bound(Tcp.ServerBinding binding, Throwable failure) implements Command {
    }

    private static final Duration RETRY = Duration.ofMillis(500);

    public static Behavior<Command> create(EnsembleConfig ensemble, ActorRef<MemberGone> peer) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Presence(ctx, timers, ensemble, peer)));
    }

    private final EnsembleConfig ensemble;
    private final ActorRef<MemberGone> peer;
    /** The link in use to each member (a counter, so a late word about an earlier link is told apart). */
    private final Map<Long, Long> links = new HashMap<>();
    private final Map<Long, UniqueKillSwitch> switches = new HashMap<>();
    private final Map<Long, Boolean> established = new HashMap<>();
    private long nextLink;
    private Tcp.ServerBinding binding;

    private Presence(ActorContext<Command> ctx, TimerScheduler<Command> timers, EnsembleConfig ensemble,
                     ActorRef<MemberGone> peer) {
        super(ctx);
        this.ensemble = ensemble;
        this.peer = peer;
        EnsembleConfig.Member me = ensemble.me();
        // The listening side never writes; it holds each connection until the other end closes it or this JVM dies.
        Flow<ByteString, ByteString, ?> idle = Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.maybe());
        ctx.pipeToSelf(Tcp.get(ctx.getSystem()).bind(me.host(), me.electionPort())
                .to(Sink.foreach(c -> c.handleWith(idle, ctx.getSystem())))
                .run(ctx.getSystem()), Bound::new);
        for (EnsembleConfig.Member m : ensemble.members().values()) {
            if (m.id() != ensemble.myId()) {
                connect(m);
            }
        }
        timers.startTimerWithFixedDelay(new Retry(), RETRY);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Bound.class, b -> {
                    if (b.failure() != null) {
                        getContext().getLog().warn("Server {} cannot listen on election port {} ({}); the others learn"
                                + " of its death from heartbeats only", ensemble.myId(), ensemble.me().electionPort(),
                                b.failure().toString());
                    } else {
                        binding = b.binding();
                    }
                    return this;
                })
                .onMessage(Connected.class, this::onConnected)
                .onMessage(Closed.class, this::onClosed)
                .onMessage(Retry.class, r -> {
                    for (EnsembleConfig.Member m : ensemble.members().values()) {
                        if (m.id() != ensemble.myId() && !links.containsKey(m.id())) {
                            connect(m);
                        }
                    }
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    switches.values().forEach(UniqueKillSwitch::shutdown);
                    if (binding != null) {
                        binding.unbind();
                    }
                    return this;
                })
                .build();
    }

    private void connect(EnsembleConfig.Member m) {
        long link = ++nextLink;
        links.put(m.id(), link);
        established.put(m.id(), false);
        Pair<Pair<CompletionStage<Tcp.OutgoingConnection>, UniqueKillSwitch>, CompletionStage<Done>> run =
                Source.<ByteString>maybe()
                        .viaMat(Tcp.get(getContext().getSystem()).outgoingConnection(m.host(), m.electionPort()),
                                Keep.right())
                        .viaMat(KillSwitches.single(), Keep.both())
                        .toMat(Sink.ignore(), Keep.both())
                        .run(getContext().getSystem());
        switches.put(m.id(), run.first().second());
        getContext().pipeToSelf(run.first().first(), (c, failure) -> new Connected(m.id(), link, failure));
        getContext().pipeToSelf(run.second(), (done, failure) -> new Closed(m.id(), link));
    }

    private Behavior<Command> onConnected(Connected c) {
        if (!Optional.ofNullable(links.get(c.sid())).equals(Optional.of(c.link()))) {
            return this;
        }
        if (c.failure() != null) {
            forget(c.sid()); // nobody there yet (or any more); tried again on the next Retry
        } else {
            established.put(c.sid(), true);
        }
        return this;
    }

    private Behavior<Command> onClosed(Closed c) {
        if (!Optional.ofNullable(links.get(c.sid())).equals(Optional.of(c.link()))) {
            return this;
        }
        boolean wasEstablished = established.getOrDefault(c.sid(), false);
        forget(c.sid());
        if (wasEstablished) {
            peer.tell(new MemberGone(c.sid()));
        }
        return this;
    }

    private void forget(long sid) {
        links.remove(sid);
        established.remove(sid);
        UniqueKillSwitch s = switches.remove(sid);
        if (s != null) {
            s.shutdown();
        }
    }
}
