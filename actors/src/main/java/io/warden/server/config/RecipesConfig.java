package io.warden.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The recipe plugins a server runs: {@code recipe.NAME=CLASS} lines with their {@code recipe.NAME.KEY=VALUE} settings,
 * and {@code recipe.path}, the folder whose jars hold plugin classes. Classes are found and made by the recipe host at
 * start ({@code io.warden.server.recipes.RecipeLoader}); here they are only names.
 *
 * @param pluginDir  recipe.path (default {@code plugins/} beside the config file)
 * @param recipes    in the order of their names
 */
public record RecipesConfig(Path pluginDir, List<Definition> recipes) {

    public static final RecipesConfig NONE = new RecipesConfig(null, List.of());

    /**
     * One configured recipe.
     *
     * @param name      NAME of {@code recipe.NAME=...}
     * @param className the class name, or a recipe's short name ({@code lock})
     * @param settings  every {@code recipe.NAME.KEY=VALUE}, keyed by KEY
     */
    public record Definition(String name, String className, Map<String, String> settings) {
        /** The config line that named it, for error messages. */
        public String line() {
            return "recipe." + name + "=" + className;
        }
    }

    public boolean isEmpty() {
        return recipes.isEmpty();
    }
}
