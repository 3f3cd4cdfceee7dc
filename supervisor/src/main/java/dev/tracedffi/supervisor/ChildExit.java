package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.TestOutcome;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a supervised child ended.
 *
 * @param exitCode          the exit code the JDK saw (128 + n when killed by signal n)
 * @param signal            the signal that killed the child, if it was killed
 * @param overriddenRetcode the code the child asked to be reported, if it overrode its exit code
 * @param crash             the native crash inside a traced call, if any
 * @param timedOut          whether the session timeout killed the child
 * @param hangLocation      where the traced thread was when the timeout struck, if inside a call
 * @param calls             every traced call, in order
 * @param outcome           the test outcome the child reported, if it got that far
 * @param stderr            the child's standard error (at most the last MiB)
 * @param supervisorError   what went wrong on the supervisor's side, if anything did
 * @param jvmFatalError     the summary of the JVM's fatal error log (hs_err) if the child's JVM aborted
 */
public record ChildExit(
        int exitCode,
        OptionalInt signal,
        OptionalInt overriddenRetcode,
        Optional<CrashReport> crash,
        boolean timedOut,
        Optional<String> hangLocation,
        List<CallRecord> calls,
        Optional<TestOutcome> outcome,
        String stderr,
        Optional<String> supervisorError,
        Optional<String> jvmFatalError) {

    public ChildExit {
        calls = List.copyOf(calls);
    }

    /** A child whose JVM wrote no fatal error log. */
    public ChildExit(int exitCode, OptionalInt signal, OptionalInt overriddenRetcode, Optional<CrashReport> crash,
                     boolean timedOut, Optional<String> hangLocation, List<CallRecord> calls,
                     Optional<TestOutcome> outcome, String stderr, Optional<String> supervisorError) {
        this(exitCode, signal, overriddenRetcode, crash, timedOut, hangLocation, calls, outcome, stderr, supervisorError,
                Optional.empty());
    }

    /** The exit code to report: the override when the child set one, else what the JDK saw. */
    public int reportedExitCode() {
        return overriddenRetcode.orElse(exitCode);
    }

    /** The last {@code lines} lines of the child's standard error. */
    public String stderrTail(int lines) {
        String[] all = stderr.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length)).strip();
    }
}
