package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.ExpectExit;
import dev.tracedffi.junit.ExpectSignal;
import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.TracedFfi;
import org.junit.jupiter.api.Test;

/**
 * Native code that ends the whole process (exit, abort) ends only the child JVM that runs the test.
 * {@code @ExpectExit} and {@code @ExpectSignal} turn that ending into the test's expectation, the way
 * GoogleTest's EXPECT_EXIT does; the regular expression is matched against the child's stderr.
 */
@RequiresLibBuggy
@TracedFfi
class ProcessEndingTest {

    @Test
    @ExpectExit(value = 3, stderr = "buggy: giving up: no widgets left")
    void giveUpExitsWithCode3(FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        tracer.run(() -> buggy.give_up("no widgets left"));
    }

    @Test
    @ExpectSignal(value = 6, stderr = "buggy: invariant violated")
    void aViolatedInvariantAborts(FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        tracer.run(() -> buggy.check_invariant(0));
    }

    /**
     * quit_quietly ends the process with exit(0), which a caller checking the exit code would take for
     * success. overrideRetcode makes the child report 7 from here on, whatever code the process exits with.
     */
    @Test
    @ExpectExit(7)
    void quitQuietlyEndsTheProcessUnderAnOverriddenExitCode(FfiTracer tracer) {
        Buggy buggy = Buggy.load();
        tracer.overrideRetcode(7);
        tracer.run(buggy::quit_quietly);
    }
}
