package dev.tracedffi.junit;

/** Thrown when a test asks for traced events where tracing is unavailable (isolation mode). */
public class TracingUnavailableException extends RuntimeException {
    /** @param message says why tracing is unavailable */
    public TracingUnavailableException(String message) {
        super(message);
    }
}
