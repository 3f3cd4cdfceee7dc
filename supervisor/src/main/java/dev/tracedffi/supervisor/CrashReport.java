package dev.tracedffi.supervisor;

import dev.tracedffi.linux.Signals;

/**
 * A native crash inside a traced call, as the tracer saw it before killing the child.
 *
 * @param location    the faulting instruction, symbolized ({@code libbuggy.so!deref_null+0x4})
 * @param instruction the instruction's mnemonic and bytes
 * @param registers   every general-purpose register, one dump
 * @param callName    the traced call the crash happened in
 */
public record CrashReport(int signal, int siCode, long faultAddress, long rip, String location,
                          String instruction, String registers, String callName) {

    /** A multi-line report for a test failure message. */
    public String render() {
        return Signals.name(signal) + " (si_code " + siCode + ") in native code during traced call `" + callName + "`\n"
                + "  fault address: 0x" + Long.toHexString(faultAddress) + "\n"
                + "  at:            " + location + " (rip 0x" + Long.toHexString(rip) + ")\n"
                + "  instruction:   " + instruction + "\n"
                + "  registers:\n    " + registers.replace("\n", "\n    ");
    }
}
