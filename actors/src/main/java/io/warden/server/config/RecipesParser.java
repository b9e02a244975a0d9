package io.warden.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads the {@code recipe.*} keys of a zoo.cfg into a {@link RecipesConfig}. */
final class RecipesParser {
    private static final String PREFIX = "recipe.";
    private static final String PATH_KEY = "recipe.path";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private RecipesParser() {
    }

    static RecipesConfig parse(Properties p, Set<String> used, Path baseDir, List<String> errors) {
        Map<String, String> classes = new TreeMap<>();
        Map<String, Map<String, String>> settings = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith(PREFIX) || key.equals(PATH_KEY)) {
                continue;
            }
            used.add(key);
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            if (!NAME.matcher(name).matches()) {
                errors.add("'" + key + "': a recipe's name is letters, digits, '-' and '_'");
                continue;
            }
            String value = p.getProperty(key).trim();
            if (dot < 0) {
                if (value.isEmpty()) {
                    errors.add("'" + key + "' names no recipe class");
                }
                classes.put(name, value);
            } else if (dot == rest.length() - 1) {
                errors.add("'" + key + "': a recipe setting needs a name after '" + PREFIX + name + ".'");
            } else {
                settings.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
            }
        }
        for (String name : settings.keySet()) {
            if (!classes.containsKey(name)) {
                errors.add("settings for recipe '" + name + "' (" + PREFIX + name + ".*) but no line " + PREFIX + name
                        + "=CLASS");
            }
        }
        used.add(PATH_KEY);
        String dir = p.getProperty(PATH_KEY);
        Path pluginDir = baseDir.resolve(dir == null ? "plugins" : dir.trim()).normalize();
        if (classes.isEmpty()) {
            return dir == null ? RecipesConfig.NONE : new RecipesConfig(pluginDir, List.of());
        }
        List<RecipesConfig.Definition> out = new ArrayList<>();
        classes.forEach((name, cls) -> out.add(new RecipesConfig.Definition(name, cls,
                Map.copyOf(settings.getOrDefault(name, Map.of())))));
        return new RecipesConfig(pluginDir, List.copyOf(out));
    }
}
