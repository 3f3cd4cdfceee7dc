package dev.tracedffi.supervisor.x86;

/** How an instruction touches one memory operand. */
public enum Access {
    READ(true, false, false),
    WRITE(false, true, false),
    /** Read then written by the same instruction (add [m], r; xchg; cmpxchg always writes back). */
    READ_WRITE(true, true, false),
    /** Read only where a mask selects elements (vmaskmov loads, EVEX masked loads, gathers). */
    COND_READ(true, false, true),
    /** Written only where a mask selects elements (vmaskmov stores, EVEX masked stores, scatters). */
    COND_WRITE(false, true, true);

    private final boolean reads;
    private final boolean writes;
    private final boolean conditional;

    Access(boolean reads, boolean writes, boolean conditional) {
        this.reads = reads;
        this.writes = writes;
        this.conditional = conditional;
    }

    public boolean reads() {
        return reads;
    }

    public boolean writes() {
        return writes;
    }

    public boolean conditional() {
        return conditional;
    }

    /** The masked form of this access: what EVEX merge/zero masking makes of it. */
    Access masked() {
        return switch (this) {
            case READ, COND_READ -> COND_READ;
            case WRITE, COND_WRITE -> COND_WRITE;
            // No masked read-modify-write form exists; keep the stronger claim.
            case READ_WRITE -> READ_WRITE;
        };
    }
}
