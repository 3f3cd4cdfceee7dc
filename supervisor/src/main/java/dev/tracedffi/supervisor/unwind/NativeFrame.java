package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.symbols.Mapping;

/**
 * One native frame.
 *
 * @param pc            the instruction address in the process: the faulting/stopped instruction for
 *                      frame 0 and frames interrupted by a signal, otherwise the return address
 * @param cfa           the canonical frame address (the caller's rsp before the call); 0 for the
 *                      innermost frame when its rule could not be computed
 * @param mapping       the mapping holding {@code pc}
 * @param vaddr         {@code pc} as a virtual address of the mapping's ELF file
 * @param returnAddress {@code pc} is a return address: the call instruction is just before it
 * @param source        how this frame's caller was found
 */
public record NativeFrame(long pc, long cfa, Mapping mapping, long vaddr, boolean returnAddress, Source source) {

    /** How the unwinder stepped from this frame to its caller. */
    public enum Source {
        /** .eh_frame call-frame information. */
        CALL_FRAME_INFO,
        /** The rbp chain: the file has no call-frame information for this pc. */
        FRAME_POINTER,
        /** The frame is the last one: the unwinder stopped here (see {@link NativeStack#stop()}). */
        NONE
    }

    /**
     * The address to symbolize and to look up source lines with: a return address minus one, so the
     * call instruction (and not the line after it, or the next function after a noreturn call) is named.
     */
    public long lookupVaddr() {
        return returnAddress ? vaddr - 1 : vaddr;
    }

    /** {@link #lookupVaddr()} as an address in the process. */
    public long lookupPc() {
        return returnAddress ? pc - 1 : pc;
    }
}
