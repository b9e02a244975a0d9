package io.warden.testkit.sim;

/** Ends a run at the first broken invariant. */
final class Stop extends RuntimeException {
    final Violation violation;

    Stop(Invariant invariant, String detail) {
        super(invariant + ": " + detail, null, false, false);
        this.violation = new Violation(invariant, detail);
    }
}
