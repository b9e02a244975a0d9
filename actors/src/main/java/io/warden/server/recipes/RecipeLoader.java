package io.warden.server.recipes;

import io.warden.api.auth.DigestAuth;
import io.warden.api.data.Id;
import io.warden.api.path.PathValidation;
import io.warden.recipe.Recipe;
import io.warden.server.config.ConfigException;
import io.warden.server.config.RecipesConfig;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds and makes the configured recipes at server start: a class by its name, or a recipe by its short name among the
 * {@link Recipe} services on the server's class path and in the plugin folder's jars. Anything wrong stops the start
 * with a message that names the config line.
 */
public final class RecipeLoader {
    static final int DEFAULT_MAX_WRITES_IN_FLIGHT = 1000;
    static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;

    private RecipeLoader() {
    }

    /**
     * @param minSessionTimeout the server's bounds, which an instance's session timeout is kept within
     * @throws ConfigException naming the config line of the first recipe that cannot be made
     */
    public static List<RecipeSpec> load(RecipesConfig config, int minSessionTimeout, int maxSessionTimeout) {
        if (config.isEmpty()) {
            return List.of();
        }
        ClassLoader loader = pluginLoader(config.pluginDir());
        List<RecipeSpec> out = new ArrayList<>();
        for (RecipesConfig.Definition d : config.recipes()) {
            Recipe<?> recipe = make(d, loader);
            Map<String, String> s = d.settings();
            String root = s.getOrDefault("root", "/recipes/" + d.name());
            try {
                PathValidation.validate(root);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(d.line() + ": recipe." + d.name() + ".root '" + root + "' is not a valid path: "
                        + e.getMessage());
            }
            if ("/".equals(root) || root.equals("/zookeeper") || root.startsWith("/zookeeper/")) {
                throw new ConfigException(d.line() + ": recipe." + d.name() + ".root must not be / or under /zookeeper");
            }
            int inFlight = positive(d, "maxWritesInFlight", DEFAULT_MAX_WRITES_IN_FLIGHT);
            int timeout = Math.max(minSessionTimeout, Math.min(maxSessionTimeout,
                    positive(d, "sessionTimeoutMs", DEFAULT_SESSION_TIMEOUT_MS)));
            out.add(new RecipeSpec(d.name(), recipe, root, s, inFlight, timeout, identity(d), d.line()));
        }
        return List.copyOf(out);
    }

    private static ClassLoader pluginLoader(Path dir) {
        ClassLoader parent = RecipeLoader.class.getClassLoader();
        if (dir == null || !Files.isDirectory(dir)) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new ConfigException("recipe.path: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("recipe.path: cannot list " + dir + ": " + e.getMessage());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("warden-recipes", jars.toArray(URL[]::new), parent);
    }

    private static Recipe<?> make(RecipesConfig.Definition d, ClassLoader loader) {
        String name = d.className();
        if (!name.contains(".")) {
            return byShortName(d, loader);
        }
        Class<?> cls;
        try {
            cls = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(d.line() + ": recipe class " + name + " not found (on the class path or in a jar"
                    + " of recipe.path)" + (e instanceof LinkageError ? ": " + e : ""));
        }
        if (!Recipe.class.isAssignableFrom(cls)) {
            throw new ConfigException(d.line() + ": " + name + " does not implement " + Recipe.class.getName());
        }
        if (Modifier.isAbstract(cls.getModifiers())) {
            throw new ConfigException(d.line() + ": " + name + " is abstract");
        }
        Constructor<?> c;
        try {
            c = cls.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(d.line() + ": " + name + " has no public constructor without arguments");
        }
        try {
            return (Recipe<?>) c.newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException(d.line() + ": " + name + " failed in its constructor: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new ConfigException(d.line() + ": " + name + " could not be made: " + e);
        }
    }

    private static Recipe<?> byShortName(RecipesConfig.Definition d, ClassLoader loader) {
        List<String> known = new ArrayList<>();
        Iterator<?> it = ServiceLoader.load(Recipe.class, loader).iterator();
        while (true) {
            Recipe<?> r;
            try {
                if (!it.hasNext()) {
                    break;
                }
                r = (Recipe<?>) it.next();
            } catch (ServiceConfigurationError e) {
                throw new ConfigException(d.line() + ": a recipe plugin could not be made: " + e.getMessage());
            }
            if (d.className().equals(r.name())) {
                return r;
            }
            known.add(r.name());
        }
        throw new ConfigException(d.line() + ": no recipe named '" + d.className() + "' (known: "
                + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList()))
                + "; a class is named with its package)");
    }

    private static int positive(RecipesConfig.Definition d, String key, int dflt) {
        String v = d.settings().get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new ConfigException(d.line() + ": recipe." + d.name() + "." + key + " must be a positive whole number, got '"
                + v + "'");
    }

    /** Every instance is a local client; {@code recipe.NAME.auth=user:password} adds a digest identity, as addauth. */
    private static List<Id> identity(RecipesConfig.Definition d) {
        List<Id> ids = new ArrayList<>();
        ids.add(new Id("ip", "127.0.0.1"));
        String auth = d.settings().get("auth");
        if (auth != null) {
            if (auth.indexOf(':') <= 0) {
                throw new ConfigException(d.line() + ": recipe." + d.name() + ".auth must be user:password");
            }
            ids.add(new Id("digest", DigestAuth.generateDigest(auth)));
        }
        return List.copyOf(ids);
    }
}
