package io.warden.testkit.sim;

/** A broken invariant, as found at one point of a simulated run. */
public record Violation(Invariant invariant, String detail) {
    @Override
    public String toString() {
        return invariant + ": " + detail;
    }
}
