package io.warden.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link WardenEnsemble} around JUnit 5 tests. In an instance field, each test gets a fresh ensemble (faults a
 * test injects do not leak into the next); in a static field, the tests of the class share one.
 *
 * <pre>{@code
 * @RegisterExtension
 * final WardenEnsembleExtension ensemble = new WardenEnsembleExtension(() -> WardenEnsemble.builder().voters(3));
 *
 * @Test
 * void something() {
 *     int leader = ensemble.get().awaitLeader(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class WardenEnsembleExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private final Supplier<WardenEnsemble.Builder> builder;
    private WardenEnsemble ensemble;
    private boolean perClass;

    /** {@code builder} makes the builder of each ensemble this extension starts. */
    public WardenEnsembleExtension(Supplier<WardenEnsemble.Builder> builder) {
        this.builder = builder;
    }

    /** The running ensemble. */
    public WardenEnsemble get() {
        if (ensemble == null) {
            throw new IllegalStateException("the ensemble runs only while a test does");
        }
        return ensemble;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        ensemble = builder.get().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            ensemble = builder.get().start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void stop() {
        if (ensemble != null) {
            try {
                ensemble.close();
            } finally {
                ensemble = null;
            }
        }
    }
}
