package dev.tracedffi.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the supervisor needs to trace one native call.
 *
 * @param tid         the kernel thread id of the thread that makes the call (and raises the end marker)
 * @param callName    the name of the traced call, for reports ("crc32", or "call" for a lambda)
 * @param pageSize    the page size the child used to protect {@code pagePtrs}
 * @param pagePtrs    page-aligned addresses of the pages native code may access; the child makes them
 *                    PROT_NONE for the duration of the call, so every access to them faults
 * @param gadgetPtr   start of the child's scratch area ({@link ChildContract#SCRATCH_BYTES}, executable,
 *                    laid out as {@link ChildContract} says: the syscall gadget first, then trampolines)
 * @param aliasDelta  the arena's second, always read-write view lies at {@code page + aliasDelta}
 *                    for every tracked page; 0 when the child has no alias view
 * @param allocations the buffers of the arena when the call started, for attribution in reports
 * @param javaFrames  the Java frames of the test code that made the call, innermost first (the child
 *                    knows them before the call; the supervisor shows them in a crash report)
 */
public record StartFfiInfo(
        long tid,
        String callName,
        long pageSize,
        List<Long> pagePtrs,
        long gadgetPtr,
        long aliasDelta,
        List<AllocationInfo> allocations,
        List<StackFrame> javaFrames) {

    public StartFfiInfo {
        Objects.requireNonNull(callName, "callName");
        pagePtrs = List.copyOf(pagePtrs);
        allocations = List.copyOf(allocations);
        javaFrames = List.copyOf(javaFrames);
    }

    /** A call whose Java frames are not known. */
    public StartFfiInfo(long tid, String callName, long pageSize, List<Long> pagePtrs, long gadgetPtr, long aliasDelta,
                        List<AllocationInfo> allocations) {
        this(tid, callName, pageSize, pagePtrs, gadgetPtr, aliasDelta, allocations, List.of());
    }
}
