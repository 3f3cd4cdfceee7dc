package dev.tracedffi.supervisor;

/** The tracer met a state it cannot handle; the session is abandoned with this message. */
public class TracerException extends RuntimeException {
    public TracerException(String message) {
        super(message);
    }

    public TracerException(String message, Throwable cause) {
        super(message, cause);
    }
}
