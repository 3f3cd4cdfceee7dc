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

    /**
     * Where the problem was found: for a malformed body, the offset into the body (the frame after
     * its length prefix); for a framing problem (a bad length prefix, a stream that ends inside a
     * frame), the offset into the stream; -1 when not applicable.
     */
    public long offset() {
        return offset;
    }
}
