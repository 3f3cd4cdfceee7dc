package dev.tracedffi.protocol;

/** One memory access that native code made to tracked memory during a traced call. */
public sealed interface AccessEvent {

    /** The bytes accessed. */
    AccessRange range();

    /** Address of the instruction that made the access. */
    long ip();

    /** The instruction read {@code range}. */
    record Read(AccessRange range, long ip) implements AccessEvent {
        public Read {
            java.util.Objects.requireNonNull(range, "range");
        }
    }

    /**
     * The instruction wrote {@code range}. {@code certain} is false when the instruction may not have
     * written (a masked or conditional store, an instruction the decoder could not decode).
     */
    record Write(AccessRange range, boolean certain, long ip) implements AccessEvent {
        public Write {
            java.util.Objects.requireNonNull(range, "range");
        }
    }
}
