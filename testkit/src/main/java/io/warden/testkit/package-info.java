/** Warden's TestKit: ensembles of real nodes inside one JVM, with fault injection, for JUnit 5 tests. */
package io.warden.testkit;
