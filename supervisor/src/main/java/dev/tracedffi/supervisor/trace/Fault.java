package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.ptrace.SigInfo;
import dev.tracedffi.supervisor.x86.Instruction;

/**
 * A SIGSEGV or SIGBUS stop of a traced thread: what the kernel reported, the registers, and the
 * instruction at rip. When the thread faulted inside a trampoline, {@code original} holds the registers
 * that put it back on the instruction the trampoline stands for (else it equals {@code regs}).
 */
record Fault(int tid, int signal, SigInfo siginfo, Registers regs, Instruction insn, Registers original) {

    /** Raised by the kernel for the instruction itself, not sent by a process. */
    boolean synchronous() {
        return siginfo.code() > 0;
    }

    boolean inTrampoline() {
        return original != regs;
    }

    long faultAddress() {
        return siginfo.faultAddress();
    }
}
