package dev.tracedffi.protocol;

import java.io.IOException;

/** A frame that is not a valid message of this protocol: says what was wrong and where. */
public class ProtocolException extends IOException {

    private final long offset;

    public ProtocolException(String problem, long offset) {
        super(problem + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    public ProtocolException(String problem, long offset, Throwable cause) {
        super(problem + " (at byte offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** Offset into the frame (after its length prefix) where the problem was found; -1 when not applicable. */
    public long offset() {
        return offset;
    }
}
