package dev.tracedffi.supervisor.unwind;

import java.util.List;

/**
 * The native frames of a stopped thread, innermost first, and why the unwinder stopped after the last.
 *
 * @param stoppedAt the address where unwinding ended (the pc it could not step into or through), 0 at
 *                  the end of the stack
 * @param detail    one line saying where and why it stopped, for reports
 */
public record NativeStack(List<NativeFrame> frames, Stop stop, long stoppedAt, String detail) {

    public enum Stop {
        /** The outermost frame: the return address is undefined (glibc's thread start, _start) or 0. */
        END_OF_STACK,
        /** The next caller is JVM code: libjvm.so or jffi's stub library, i.e. the JNI boundary. */
        JVM_BOUNDARY,
        /** The next caller is in anonymous memory (JIT code, a native JIT) or unmapped. */
        UNKNOWN_CODE,
        /** No call-frame information for the pc and no usable frame pointer. */
        NO_UNWIND_INFO,
        /** A saved register or return address lies in unreadable memory. */
        UNREADABLE_STACK,
        /** Call-frame information the unwinder does not implement. */
        UNSUPPORTED_UNWIND_INFO,
        /** The stack pointer did not move towards the caller: a corrupt stack or unwind table. */
        NO_PROGRESS,
        /** The frame limit was reached. */
        MAX_FRAMES
    }

    public NativeStack {
        frames = List.copyOf(frames);
    }
}
