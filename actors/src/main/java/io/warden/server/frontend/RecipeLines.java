package io.warden.server.frontend;

import io.warden.server.metrics.RecipeStatus;

/**
 * What {@code srvr} and {@code mntr} add about recipe plugins, under names no ZooKeeper tool reads: nothing at all when
 * none is configured, so their output stays ZooKeeper's.
 */
final class RecipeLines {
    private RecipeLines() {
    }

    /** One line per recipe: {@code Recipe locks: io.warden.recipes.lock.LockRecipe under /locks, running here (epoch 3), restarts 0}. */
    static String srvr(RecipeStatus recipes) {
        StringBuilder b = new StringBuilder();
        for (RecipeStatus.Entry e : recipes.entries()) {
            b.append("Recipe ").append(e.name).append(": ").append(e.className).append(" under ").append(e.root)
                    .append(e.running ? ", running here (epoch " + e.epoch + ")" : ", not running here")
                    .append(", restarts ").append(e.restarts).append('\n');
        }
        return b.toString();
    }

    static String mntr(RecipeStatus recipes) {
        StringBuilder b = new StringBuilder();
        if (recipes.entries().isEmpty()) {
            return "";
        }
        b.append("warden_recipes\t").append(recipes.entries().size()).append('\n');
        for (RecipeStatus.Entry e : recipes.entries()) {
            String key = "warden_recipe_" + e.name.replace('-', '_');
            b.append(key).append("_running\t").append(e.running ? 1 : 0).append('\n');
            b.append(key).append("_epoch\t").append(e.epoch).append('\n');
            b.append(key).append("_restarts\t").append(e.restarts).append('\n');
        }
        return b.toString();
    }
}
