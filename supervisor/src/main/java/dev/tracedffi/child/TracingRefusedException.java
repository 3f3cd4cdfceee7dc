package dev.tracedffi.child;

/** The supervisor refused a request of this child; the message is its reason. */
public class TracingRefusedException extends RuntimeException {
    public TracingRefusedException(String reason) {
        super("the tracedffi supervisor refused: " + reason);
    }
}
