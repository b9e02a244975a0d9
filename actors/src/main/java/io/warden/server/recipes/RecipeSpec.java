package io.warden.server.recipes;

import io.warden.api.data.Id;
import io.warden.recipe.Recipe;
import java.util.List;
import java.util.Map;

/**
 * One configured recipe, made and checked at server start: what the host needs to start an instance of it.
 *
 * @param name              NAME of {@code recipe.NAME=...}
 * @param recipe            the recipe object, made once with its no-argument constructor
 * @param root              {@code recipe.NAME.root}: the subtree its instances may write
 * @param settings          every {@code recipe.NAME.KEY}
 * @param maxWritesInFlight {@code recipe.NAME.maxWritesInFlight}
 * @param sessionTimeoutMs  {@code recipe.NAME.sessionTimeoutMs}, within the server's session timeout bounds
 * @param identity          the ids its requests carry for ACL checks
 * @param line              the config line, for messages
 */
public record RecipeSpec(String name, Recipe<?> recipe, String root, Map<String, String> settings,
                         int maxWritesInFlight, int sessionTimeoutMs, List<Id> identity, String line) {
}
