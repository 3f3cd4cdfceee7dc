package dev.tracedffi.protocol;

import java.util.Objects;

/**
 * One buffer of the child's tracked arena, as it stood when a traced call started.
 *
 * @param label a name for reports ("dst"), never empty
 * @param range the usable bytes handed to the test (redzones excluded)
 * @param freed whether the buffer was freed (it stays tracked in quarantine)
 */
public record AllocationInfo(String label, AccessRange range, boolean freed) {
    public AllocationInfo {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(range, "range");
    }
}
