package dev.tracedffi.protocol;

import java.util.Objects;

/** A request from the child to its supervisor; each is answered by {@link Confirmation} or {@link Refusal}. */
public sealed interface TraceRequest extends Message {

    /**
     * Trace the calling thread until it raises the end marker (SIGURG). The supervisor seizes the
     * thread before it confirms, then answers the end marker with the call's {@link MemEvents}.
     */
    record StartFfi(StartFfiInfo info) implements TraceRequest {
        public StartFfi {
            Objects.requireNonNull(info, "info");
        }
    }

    /** From now on the supervisor reports {@code code} as the child's exit code, until set again. */
    record OverrideRetcode(int code) implements TraceRequest {
    }
}
