package dev.tracedffi.junit;

/** Thrown when a test asks for traced events where tracing is unavailable (isolation mode). */
public class TracingUnavailableException extends RuntimeException {
    public TracingUnavailableException(String reason) {
        super("native calls are not traced here: " + reason);
    }
}
