package dev.tracedffi.junit;

import dev.tracedffi.protocol.TestOutcome;
import dev.tracedffi.supervisor.CallRecord;
import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.linux.Signals;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Turns how a child ended into the test's result in the test JVM: returns when the test passed,
 * throws what the child's test threw, or an error describing the crash, exit, signal or timeout.
 */
final class ChildVerdict {

    private static final int STDERR_TAIL_LINES = 30;

    private ChildVerdict() {
    }

    static void apply(ChildExit exit, Optional<ExpectExit> expectExit, Optional<ExpectSignal> expectSignal) throws Throwable {
        exit.supervisorError().ifPresent(error -> {
            if (exit.outcome().isEmpty() && exit.crash().isEmpty() && !exit.timedOut()) {
                throw new TracedChildError("the tracedffi supervisor failed: " + error + stderrTail(exit));
            }
        });
        if (exit.timedOut()) {
            throw new TracedChildError("the traced test timed out"
                    + exit.hangLocation().map(where -> "; its traced call was at " + where)
                    .orElse(" outside any traced call") + stderrTail(exit));
        }
        // a test that finished without passing in the child fails (or aborts) as such, whatever it expected
        Optional<TestOutcome> unsuccessful = exit.outcome().filter(o -> o.status() != TestOutcome.Status.SUCCESSFUL);
        if (unsuccessful.isPresent()) {
            throw ThrowableCodec.deserialize(unsuccessful.get().throwable());
        }
        OptionalInt signal = exit.crash().isPresent() ? OptionalInt.of(exit.crash().get().signal()) : exit.signal();
        if (expectSignal.isPresent()) {
            checkSignal(exit, signal, expectSignal.get());
            return;
        }
        if (exit.crash().isPresent()) {
            throw new TracedChildError("native crash: " + exit.crash().get().render() + stderrTail(exit));
        }
        if (expectExit.isPresent()) {
            checkExit(exit, signal, expectExit.get());
            return;
        }
        if (exit.outcome().isEmpty()) {
            throw new TracedChildError("the child JVM ended before its test finished: " + describeEnd(exit, signal)
                    + exit.jvmFatalError().map(error -> "\nthe JVM reported a fatal error:\n  "
                            + error.replace("\n", "\n  ")).orElse("")
                    + stderrTail(exit));
        }
        if (exit.reportedExitCode() != 0) {
            throw new TracedChildError("the test passed, but the child reported exit code " + exit.reportedExitCode()
                    + (exit.overriddenRetcode().isPresent() ? " (overridden)" : "")
                    + "; annotate the test with @ExpectExit(" + exit.reportedExitCode() + ") if that is intended");
        }
    }

    private static void checkSignal(ChildExit exit, OptionalInt signal, ExpectSignal expected) {
        if (signal.isEmpty() || signal.getAsInt() != expected.value()) {
            throw new AssertionFailedError("expected the child to be killed by " + Signals.name(expected.value())
                    + ", but it " + describeEnd(exit, signal) + stderrTail(exit),
                    Signals.name(expected.value()), signal.isPresent() ? Signals.name(signal.getAsInt()) : describeEnd(exit, signal));
        }
        checkStderr(exit, expected.stderr());
    }

    private static void checkExit(ChildExit exit, OptionalInt signal, ExpectExit expected) {
        boolean killed = signal.isPresent() && exit.overriddenRetcode().isEmpty();
        if (killed || exit.reportedExitCode() != expected.value()) {
            throw new AssertionFailedError("expected the child to exit with " + expected.value() + ", but it "
                    + describeEnd(exit, signal) + stderrTail(exit),
                    expected.value(), exit.reportedExitCode());
        }
        checkStderr(exit, expected.stderr());
    }

    private static void checkStderr(ChildExit exit, String regex) {
        if (!regex.isEmpty() && !Pattern.compile(regex).matcher(exit.stderr()).find()) {
            throw new AssertionFailedError("the child's stderr does not match /" + regex + "/" + stderrTail(exit));
        }
    }

    private static String describeEnd(ChildExit exit, OptionalInt signal) {
        if (exit.overriddenRetcode().isPresent()) {
            return "reported exit code " + exit.reportedExitCode() + " (overridden; the JVM exited with " + exit.exitCode() + ")";
        }
        if (signal.isPresent()) {
            return "was killed by " + Signals.name(signal.getAsInt());
        }
        if (exit.outcome().isPresent() && exit.exitCode() == 0) {
            return "returned normally from the test (exit code 0)";
        }
        return replacedByExecve(exit) + "exited with code " + exit.exitCode();
    }

    /** "was replaced by execve(/bin/sh) in traced call `run`, which " when native code exec'd, else "". */
    private static String replacedByExecve(ChildExit exit) {
        if (exit.outcome().isPresent()) {
            return "";
        }
        return exit.calls().stream().filter(call -> call.ending() == CallRecord.Ending.EXECVE)
                .reduce((first, later) -> later)
                .map(call -> "was replaced by the program native code exec'd in traced call `" + call.info().callName()
                        + "` (" + call.warnings().stream().filter(w -> w.startsWith("native code called execve"))
                        .findFirst().orElse("execve") + "), which ")
                .orElse("");
    }

    private static String stderrTail(ChildExit exit) {
        String tail = exit.stderrTail(STDERR_TAIL_LINES);
        return tail.isEmpty() ? "" : "\n--- last lines of the child's stderr ---\n" + tail;
    }
}
