package dev.tracedffi.protocol;

/** One memory access that native code made to tracked memory during a traced call. */
public sealed interface AccessEvent {

    /** The bytes accessed. */
    AccessRange range();

    /** Address of the instruction that made the access. */
    long ip();

    /** The kernel thread id of the thread that made the access; 0 when not known. */
    int tid();

    /** The instruction read {@code range}. */
    record Read(AccessRange range, long ip, int tid) implements AccessEvent {
        public Read {
            java.util.Objects.requireNonNull(range, "range");
        }

        /** A read by a thread not known. */
        public Read(AccessRange range, long ip) {
            this(range, ip, 0);
        }
    }

    /**
     * The instruction wrote {@code range}. {@code certain} is false when the instruction may not have
     * written (a masked or conditional store, an instruction the decoder could not decode).
     */
    record Write(AccessRange range, boolean certain, long ip, int tid) implements AccessEvent {
        public Write {
            java.util.Objects.requireNonNull(range, "range");
        }

        /** A write by a thread not known. */
        public Write(AccessRange range, boolean certain, long ip) {
            this(range, certain, ip, 0);
        }
    }
}
