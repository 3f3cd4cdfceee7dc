package dev.tracedffi.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One buffer of the child's tracked arena, as it stood when a traced call started.
 *
 * @param label       a name for reports ("dst"), never empty
 * @param range       the usable bytes handed to the test (redzones excluded)
 * @param freed       whether the buffer was freed (it stays tracked in quarantine)
 * @param allocatedAt the line of the test's code that allocated it (the first frame outside tracedffi), or
 *                    null when not known
 */
public record AllocationInfo(String label, AccessRange range, boolean freed, StackFrame allocatedAt) {
    public AllocationInfo {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(range, "range");
    }

    /** A buffer whose allocation site is not known. */
    public AllocationInfo(String label, AccessRange range, boolean freed) {
        this(label, range, freed, null);
    }

    public Optional<StackFrame> allocationSite() {
        return Optional.ofNullable(allocatedAt);
    }
}
