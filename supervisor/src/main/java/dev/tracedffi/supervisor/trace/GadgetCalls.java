package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.TracerException;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

/**
 * Makes a stopped traced thread run {@code mprotect} for the tracer: from the child's gadget
 * ({@code syscall; int3} at the start of its scratch page, see {@code ChildContract}), one single-step,
 * then the thread's registers are put back. Used to open and close tracked pages around a
 * single-stepped instruction and around a syscall on tracked memory.
 */
final class GadgetCalls {

    private final TracedThreads threads;
    private final Ptrace ptrace;
    private final long gadget;

    GadgetCalls(TracedThreads threads, long gadget) {
        this.threads = threads;
        this.ptrace = threads.ptrace();
        this.gadget = gadget;
    }

    /** {@code regs} with the arguments of {@code mprotect(run, prot)} in rdi, rsi and rdx. */
    static Registers withMprotectArguments(Registers regs, AccessRange run, int prot) {
        Registers call = regs.copy();
        call.setGpr(Registers.RDI, run.addr());
        call.setGpr(Registers.RSI, run.size());
        call.setGpr(Registers.RDX, prot);
        return call;
    }

    /**
     * Runs {@code mprotect(run, prot)} in {@code tid}, then leaves its registers as {@code base}. A
     * signal that arrives instead of the step is deferred (the thread gets it when the tracer resumes it)
     * and the step is tried again.
     */
    void mprotect(int tid, Registers base, AccessRange run, int prot) {
        Registers call = withMprotectArguments(base, run, prot);
        call.setGpr(Registers.RAX, Syscalls.SYS_MPROTECT);
        call.setOrigRax(-1); // not inside a syscall: no restart logic may rewrite rip or rax
        call.setRip(gadget);
        ptrace.setRegs(tid, call);
        while (true) {
            ptrace.singleStep(tid, 0);
            WaitStatus status = threads.awaitStep(tid);
            if (status.event() == Ptrace.EVENT_STOP) {
                continue; // a PTRACE_INTERRUPT that met the thread already stopped: nothing ran, step again
            }
            if (status.stopSignal() == Signals.SIGTRAP) {
                break;
            }
            threads.defer(tid, status.stopSignal());
            ptrace.setRegs(tid, call);
        }
        long result = ptrace.getRegs(tid).gpr(Registers.RAX);
        ptrace.setRegs(tid, base);
        if (result != 0) {
            throw new TracerException("injected mprotect(0x" + Long.toHexString(run.addr()) + ", " + run.size()
                    + ", " + prot + ") failed with " + result);
        }
    }
}
