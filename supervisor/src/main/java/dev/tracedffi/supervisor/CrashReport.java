package dev.tracedffi.supervisor;

import dev.tracedffi.linux.Signals;
import dev.tracedffi.protocol.StackFrame;

import java.util.List;

/**
 * A native crash inside a traced call, as the tracer saw it before killing the child.
 *
 * @param location    the faulting instruction, symbolized ({@code libbuggy.so!deref_null+0x4})
 * @param instruction the instruction in Intel syntax, and its bytes
 * @param registers   every general-purpose register, one dump
 * @param callName    the traced call the crash happened in
 * @param nativeStack the native call stack, one line per frame down to the JVM boundary
 * @param javaFrames  the Java frames of the test code that made the call, innermost first (sent by the
 *                    child when the call started: the child is dead now)
 */
public record CrashReport(int signal, int siCode, long faultAddress, long rip, String location,
                          String instruction, String registers, String callName, List<String> nativeStack,
                          List<StackFrame> javaFrames) {

    public CrashReport {
        nativeStack = List.copyOf(nativeStack);
        javaFrames = List.copyOf(javaFrames);
    }

    /** A report without stacks. */
    public CrashReport(int signal, int siCode, long faultAddress, long rip, String location, String instruction,
                       String registers, String callName) {
        this(signal, siCode, faultAddress, rip, location, instruction, registers, callName, List.of(), List.of());
    }

    /** A multi-line report for a test failure message. */
    public String render() {
        return Signals.name(signal) + " (si_code " + siCode + ") in native code during traced call `" + callName + "`\n"
                + "  fault address: 0x" + Long.toHexString(faultAddress) + "\n"
                + "  at:            " + location + " (rip 0x" + Long.toHexString(rip) + ")\n"
                + "  instruction:   " + instruction + "\n"
                + (nativeStack.isEmpty() ? "" : "  native stack:\n    " + String.join("\n    ", nativeStack) + "\n")
                + (javaFrames.isEmpty() ? "" : "  Java frames of the traced call:\n" + javaFrameLines())
                + "  registers:\n    " + registers.replace("\n", "\n    ");
    }

    private String javaFrameLines() {
        StringBuilder lines = new StringBuilder();
        for (StackFrame frame : javaFrames) {
            lines.append("    at ").append(frame.toStackTraceElement()).append('\n');
        }
        return lines.toString();
    }
}
