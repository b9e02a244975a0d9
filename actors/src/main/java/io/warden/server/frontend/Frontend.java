package io.warden.server.frontend;

import io.warden.server.config.ServerConfig;
import io.warden.server.metrics.ServerMetrics;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.statemachine.StateMachine;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.util.ByteString;

/**
 * Listens on the client port and hands every accepted socket to a {@link ClientConnection} of its own, refusing
 * connections beyond {@code maxClientCnxns} from one address.
 */
public final class Frontend extends AbstractBehavior<Frontend.Command> {

    public sealed interface Command {
    }

    private record Accepted(Tcp.IncomingConnection connection) implements Command {
    }

    private record BindResult(Tcp.ServerBinding binding, Throwable failure) implements Command {
    }

    private record ConnectionStopped(String ip) implements Command {
    }

    /** Largest number of answers buffered for a client that is not reading them; beyond it the client is cut off. */
    private static final int OUTGOING_BUFFER = 100_000;
    /** Most bytes of queued answers joined into one socket write. */
    private static final long MAX_WRITE_BYTES = 256 * 1024;

    public static Behavior<Command> create(ServerConfig config, ActorRef<StateMachine.Command> stateMachine,
                                           ActorRef<Sequencer.Command> sequencer, ServerMetrics metrics,
                                           CompletableFuture<InetSocketAddress> bound) {
        return Behaviors.setup(ctx -> new Frontend(ctx, config, stateMachine, sequencer, metrics, bound));
    }

    private final ServerConfig config;
    private final ActorRef<StateMachine.Command> stateMachine;
    private final ActorRef<Sequencer.Command> sequencer;
    private final ServerMetrics metrics;
    private final CompletableFuture<InetSocketAddress> bound;
    private final Map<String, Integer> perIp = new HashMap<>();
    private Tcp.ServerBinding binding;
    private long connectionCounter;

    private Frontend(ActorContext<Command> ctx, ServerConfig config, ActorRef<StateMachine.Command> stateMachine,
                     ActorRef<Sequencer.Command> sequencer, ServerMetrics metrics, CompletableFuture<InetSocketAddress> bound) {
        super(ctx);
        this.config = config;
        this.stateMachine = stateMachine;
        this.sequencer = sequencer;
        this.metrics = metrics;
        this.bound = bound;
        ActorRef<Command> self = ctx.getSelf();
        ctx.pipeToSelf(
                Tcp.get(ctx.getSystem()).bind(config.clientPortAddress(), config.clientPort())
                        .to(Sink.foreach(c -> self.tell(new Accepted(c))))
                        .run(ctx.getSystem()),
                BindResult::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(BindResult.class, this::onBound)
                .onMessage(Accepted.class, this::onAccepted)
                .onMessage(ConnectionStopped.class, s -> {
                    perIp.computeIfPresent(s.ip(), (k, n) -> n <= 1 ? null : n - 1);
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    if (binding != null) {
                        binding.unbind();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onBound(BindResult r) {
        if (r.failure() != null) {
            bound.completeExceptionally(new IllegalStateException("cannot listen on " + config.clientAddress() + ": "
                    + r.failure().getMessage(), r.failure()));
            return Behaviors.stopped();
        }
        binding = r.binding();
        metrics.clientPort = binding.localAddress().getPort();
        getContext().getLog().info("Serving clients on {}", binding.localAddress());
        bound.complete(binding.localAddress());
        return this;
    }

    private Behavior<Command> onAccepted(Accepted a) {
        InetSocketAddress remote = a.connection().remoteAddress();
        String ip = remote.getAddress().getHostAddress();
        int count = perIp.getOrDefault(ip, 0);
        if (config.maxClientCnxns() > 0 && count >= config.maxClientCnxns()) {
            getContext().getLog().warn("Too many connections from {} - max is {}", ip, config.maxClientCnxns());
            a.connection().handleWith(Flow.fromSinkAndSource(Sink.ignore(), Source.<ByteString>empty()), getContext().getSystem());
            return this;
        }
        perIp.put(ip, count + 1);

        // A queue of linked nodes, not ActorSource.actorRef: that one allocates its whole buffer (100,000 slots,
        // 400 KB) for every connection up front, 400 MB of heap for a thousand clients. Close travels through the queue
        // like any element, so it ends the stream only after everything sent before it was written (takeWhile below).
        Pair<BoundedSourceQueue<ClientConnection.Outgoing>, Source<ClientConnection.Outgoing, NotUsed>> outgoing =
                Source.<ClientConnection.Outgoing>queue(OUTGOING_BUFFER).preMaterialize(getContext().getSystem());
        BoundedSourceQueue<ClientConnection.Outgoing> queue = outgoing.first();
        String who = "/" + ip + ":" + remote.getPort();
        ClientConnection.Socket socket = m -> {
            if (queue.offer(m) == QueueOfferResult.dropped()) {
                queue.fail(new IllegalStateException("client " + who + " is not reading its answers: "
                        + OUTGOING_BUFFER + " are waiting"));
            }
        };
        ActorRef<ClientConnection.Command> connection = getContext().spawn(
                ClientConnection.create(socket, ip, who, config, stateMachine,
                        sequencer, metrics),
                "client-" + (++connectionCounter));
        getContext().watchWith(connection, new ConnectionStopped(ip));

        Sink<ByteString, NotUsed> in = ActorSink.<ByteString, ClientConnection.Command, ClientConnection.Ack>actorRefWithBackpressure(
                connection,
                ClientConnection.Received::new,
                ClientConnection.StreamStarted::new,
                ClientConnection.Ack.INSTANCE,
                new ClientConnection.StreamEnded(),
                ClientConnection.StreamFailed::new);
        Source<ByteString, NotUsed> out = outgoing.second()
                .takeWhile(m -> m instanceof ClientConnection.Bytes)
                .map(m -> ((ClientConnection.Bytes) m).bytes())
                // Answers that pile up while the socket is still writing the previous ones go out as one write: one
                // message to the connection actor and one syscall for a commit batch's worth of answers, not one each.
                // Nothing waits for a batch: an idle socket takes each answer as it comes.
                .batchWeighted(MAX_WRITE_BYTES, b -> (long) b.size(), b -> b, ByteString::concat);
        a.connection().handleWith(Flow.fromSinkAndSourceCoupled(in, out), getContext().getSystem());
        return this;
    }

}
