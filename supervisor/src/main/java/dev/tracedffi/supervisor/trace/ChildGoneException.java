package dev.tracedffi.supervisor.trace;

/** A traced thread disappeared (its process exited or was killed) while the tracer worked on it. */
final class ChildGoneException extends RuntimeException {
    ChildGoneException() {
        super(null, null, false, false);
    }
}
