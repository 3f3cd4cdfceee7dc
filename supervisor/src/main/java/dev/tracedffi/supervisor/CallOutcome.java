package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;

import java.util.List;

/** How one traced call ended, with the accesses recorded until then. */
sealed interface CallOutcome {

    List<AccessEvent> events();

    /** Notes about accesses the tracer could not decode exactly. */
    List<String> warnings();

    /** The child raised the end marker; the call is over and the thread detached. */
    record Completed(List<AccessEvent> events, List<String> warnings) implements CallOutcome {
    }

    /** The child died inside the call (exit(), a fatal signal, SIGKILL from outside). */
    record ChildDied(List<AccessEvent> events, List<String> warnings) implements CallOutcome {
    }

    /** Native code crashed; the child was killed. */
    record Crashed(CrashReport report, List<AccessEvent> events, List<String> warnings) implements CallOutcome {
    }

    /** The session timed out inside the call; {@code location} is where the thread was. */
    record TimedOut(String location, List<AccessEvent> events, List<String> warnings) implements CallOutcome {
    }
}
