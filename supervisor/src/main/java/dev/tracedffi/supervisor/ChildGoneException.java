package dev.tracedffi.supervisor;

/** A traced thread disappeared (its process exited or was killed) while the tracer worked on it. */
final class ChildGoneException extends RuntimeException {
    ChildGoneException() {
        super(null, null, false, false);
    }
}
