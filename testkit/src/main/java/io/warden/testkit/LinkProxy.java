package io.warden.testkit;

import io.warden.server.replication.Peer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One direction of one link: stands in the sending node's actor system for the receiving node's Peer, and forwards
 * to it what its {@link LinkFaults} let through, in the order it was sent. It owns the faults of its link; the
 * ensemble changes them by message. It lives and dies with the sending node.
 */
final class LinkProxy extends AbstractBehavior<Object> {
    /** The link's faults from now on. */
    record Configure(LinkFaults faults) {
    }

    private record Release() {
    }

    private record Held(Peer.Command message, long dueNanos) {
    }

    private final ActorRef<Peer.Command> to;
    private final long linkSalt;
    private final TimerScheduler<Object> timers;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private LinkFaults faults;
    private SplittableRandom random;

    static Behavior<Object> create(ActorRef<Peer.Command> to, long linkSalt, LinkFaults faults) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new LinkProxy(ctx, timers, to, linkSalt, faults)));
    }

    private LinkProxy(ActorContext<Object> ctx, TimerScheduler<Object> timers, ActorRef<Peer.Command> to, long linkSalt,
                      LinkFaults faults) {
        super(ctx);
        this.to = to;
        this.linkSalt = linkSalt;
        this.timers = timers;
        configure(faults);
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Configure.class, m -> {
                    configure(m.faults());
                    return this;
                })
                .onMessage(Release.class, m -> {
                    release();
                    return this;
                })
                .onMessage(Peer.Command.class, m -> {
                    send(m);
                    return this;
                })
                .build();
    }

    private void configure(LinkFaults next) {
        if (faults == null || next.seed() != faults.seed() || next.drop() != faults.drop()) {
            // Each direction of each link draws from its own sequence, so one link's traffic does not shift another's.
            random = new SplittableRandom(next.seed() * 0x9E3779B97F4A7C15L ^ linkSalt);
        }
        faults = next;
        if (next.cut()) {
            held.clear();
            timers.cancel(Release.class);
        }
    }

    private void send(Peer.Command m) {
        if (faults.cut() || (faults.drop() > 0 && random.nextDouble() < faults.drop())) {
            return;
        }
        if (held.isEmpty() && faults.delay().isZero()) {
            to.tell(m);
            return;
        }
        long due = System.nanoTime() + faults.delay().toNanos();
        if (!held.isEmpty()) {
            // A shorter delay set meanwhile must not overtake what is already held: the link stays FIFO.
            due = Math.max(due, held.peekLast().dueNanos());
        }
        held.addLast(new Held(m, due));
        if (held.size() == 1) {
            schedule();
        }
    }

    private void release() {
        long now = System.nanoTime();
        while (!held.isEmpty() && held.peekFirst().dueNanos() <= now) {
            to.tell(held.removeFirst().message());
        }
        if (!held.isEmpty()) {
            schedule();
        }
    }

    private void schedule() {
        long wait = Math.max(0, held.peekFirst().dueNanos() - System.nanoTime());
        timers.startSingleTimer(Release.class, new Release(), Duration.ofNanos(wait));
    }
}
