package dev.tracedffi.supervisor;

import dev.tracedffi.linux.Signals;

import java.util.List;

/**
 * A native crash inside a traced call, as the tracer saw it before killing the child.
 *
 * @param location    the faulting instruction, symbolized ({@code libbuggy.so!deref_null+0x4})
 * @param instruction the instruction in Intel syntax, and its bytes
 * @param registers   every general-purpose register, one dump
 * @param callName    the traced call the crash happened in
 * @param nativeStack the native call stack, one line per frame down to the JVM boundary
 */
public record CrashReport(int signal, int siCode, long faultAddress, long rip, String location,
                          String instruction, String registers, String callName, List<String> nativeStack) {

    public CrashReport {
        nativeStack = List.copyOf(nativeStack);
    }

    /** A report without a native stack. */
    public CrashReport(int signal, int siCode, long faultAddress, long rip, String location, String instruction,
                       String registers, String callName) {
        this(signal, siCode, faultAddress, rip, location, instruction, registers, callName, List.of());
    }

    /** A multi-line report for a test failure message. */
    public String render() {
        return Signals.name(signal) + " (si_code " + siCode + ") in native code during traced call `" + callName + "`\n"
                + "  fault address: 0x" + Long.toHexString(faultAddress) + "\n"
                + "  at:            " + location + " (rip 0x" + Long.toHexString(rip) + ")\n"
                + "  instruction:   " + instruction + "\n"
                + (nativeStack.isEmpty() ? "" : "  native stack:\n    " + String.join("\n    ", nativeStack) + "\n")
                + "  registers:\n    " + registers.replace("\n", "\n    ");
    }
}
