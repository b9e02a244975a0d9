package io.warden.recipe;

import org.apache.pekko.actor.typed.Behavior;

/**
 * A coordination recipe that runs inside the ensemble, next to the data: one active instance per configured name, on
 * the leader (or the standalone server), started once the leader is established and stopped when it stops leading.
 *
 * <p>The host makes the class with its public no-argument constructor when the server starts (a class that is missing,
 * has no such constructor or throws there stops the start, naming the config line), then calls {@link #create} for
 * each instance. An instance keeps no state that is not in the tree: on a new leader a new instance rebuilds it from
 * {@link TreeCommand.Subscribe}'s snapshot and carries on. Every write of an instance is fenced by the epoch it was
 * started in ({@link RecipeContext#epoch()}).
 *
 * <p>A recipe is found by its {@link #name()} when a config line names it briefly ({@code recipe.locks=lock}) and the
 * class is listed in {@code META-INF/services/io.warden.recipe.Recipe} of its jar; otherwise by its class name.
 *
 * @param <T> the instance's own message type
 */
public interface Recipe<T> {

    /** The short name a config line may use for this recipe, e.g. {@code lock}. */
    String name();

    /**
     * The behaviour of one instance. Called by the host on the recipe dispatcher each time an instance starts (on
     * becoming leader, and again after a failure, with backoff).
     */
    Behavior<T> create(RecipeContext context);
}
