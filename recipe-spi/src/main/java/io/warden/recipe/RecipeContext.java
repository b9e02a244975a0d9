package io.warden.recipe;

import io.warden.api.data.Id;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * What the host gives one instance of a recipe. Timers are Pekko's own ({@code Behaviors.withTimers}), so a test with
 * {@code ManualTime} drives them.
 */
public interface RecipeContext {

    /** The configured name: {@code locks} for {@code recipe.locks=lock}. */
    String name();

    /**
     * The only subtree this instance may write: {@code recipe.NAME.root}. A write anywhere else is refused with
     * {@link WriteResult.Refused.Reason#OUTSIDE_ROOT}. Reads may go anywhere the identity may read.
     */
    String root();

    /** Every {@code recipe.NAME.KEY=VALUE} line of the config, keyed by KEY ({@code root} included). */
    Map<String, String> settings();

    /**
     * The epoch this instance was started in. Its writes carry it; once the ensemble has moved on to a later epoch
     * they are refused ({@link WriteResult.Refused.Reason#FENCED}), so an old leader's instance can never write after
     * a new leader took over.
     */
    long epoch();

    /** The session the instance's writes belong to (owner of its ephemeral nodes); it ends when the instance stops. */
    long sessionId();

    /** The identities its reads and writes are checked against, as a client's after {@code addauth}. */
    List<Id> identity();

    /** A logger named after the recipe instance. */
    Logger log();

    /** Where reads, writes and the subscription go; answers go to each command's {@code replyTo}. */
    ActorRef<TreeCommand> tree();
}
