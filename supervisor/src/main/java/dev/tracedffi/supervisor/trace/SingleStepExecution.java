package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.ptrace.SigInfo;
import dev.tracedffi.supervisor.ptrace.WaitStatus;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.StringOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The baseline: open the tracked pages the instruction touches by injected {@code mprotect}, single-step
 * it, close them again. Four stops per access (more when pages are far apart). A {@code rep} string
 * instruction runs to completion from the step trampoline instead ({@code <insn>; int3}), so the whole
 * instruction costs one stop rather than one per element.
 */
final class SingleStepExecution implements InstructionExecution {

    /** How many tracked pages an instruction may reach beyond its decoded operands before we give up. */
    private static final int MAX_EXTRA_PAGES = 8;
    private static final int RW = Syscalls.PROT_READ | Syscalls.PROT_WRITE;

    private final TracedThreads threads;
    private final Ptrace ptrace;
    private final GadgetCalls gadgetCalls;
    private final RemoteMemory memory;
    private final TrackedPages tracked;
    private final EventLog log;
    private final LongFunction<String> describe;
    private final long stepTrampoline;

    SingleStepExecution(TracedThreads threads, GadgetCalls gadgetCalls, RemoteMemory memory, TrackedPages tracked,
                        EventLog log, LongFunction<String> describe, long scratchPage) {
        this.threads = threads;
        this.ptrace = threads.ptrace();
        this.gadgetCalls = gadgetCalls;
        this.memory = memory;
        this.tracked = tracked;
        this.log = log;
        this.describe = describe;
        this.stepTrampoline = scratchPage + ChildContract.STEP_TRAMPOLINE_OFFSET;
    }

    @Override
    public Optional<Fault> execute(Fault fault) {
        return execute(fault, true);
    }

    /**
     * @param record false when the accesses were already recorded (a displaced instruction that reached
     *               a page its operands did not name is re-run this way)
     */
    Optional<Fault> execute(Fault fault, boolean record) {
        int tid = fault.tid();
        Instruction insn = fault.insn();
        Registers before = fault.original();
        List<AccessRange> opened = new ArrayList<>();
        if (insn.known()) {
            for (OperandBytes.Access access : OperandBytes.of(insn, before, before, k -> ptrace.getOpmask(tid, k))) {
                opened.addAll(tracked.runsTouchedBy(access.range()));
            }
        } else {
            log.warn("unknown instruction at " + describe.apply(before.rip()) + ": " + Hex.bytes(insn.bytes()));
        }
        opened.addAll(tracked.runsTouchedBy(new AccessRange(fault.faultAddress(), 1)));
        opened = TrackedPages.merge(opened);
        // opened pages are open for every thread: nobody else may run until they are closed again
        List<Integer> frozen = threads.freezeOthers(tid);
        for (AccessRange run : opened) {
            gadgetCalls.mprotect(tid, before, run, RW);
        }
        Step step = run(tid, insn, before, opened);
        for (AccessRange run : opened) {
            gadgetCalls.mprotect(tid, step.after(), run, Syscalls.PROT_NONE);
        }
        threads.thaw(frozen);
        if (step.crash() != null) {
            if (record && insn.known() && insn.stringOp() != null) {
                // the iterations a rep string instruction finished before it faulted did touch memory
                log.recordAccesses(tid, before.rip(), OperandBytes.of(insn, before, step.after(), k -> ptrace.getOpmask(tid, k)));
            }
            return Optional.of(step.crash());
        }
        ptrace.setRegs(tid, step.after());
        if (record) {
            if (insn.known()) {
                log.recordAccesses(tid, before.rip(), OperandBytes.of(insn, before, step.after(), k -> ptrace.getOpmask(tid, k)));
            } else {
                log.recordUnknown(tid, before.rip(), fault.faultAddress());
            }
        }
        return Optional.empty();
    }

    /** The registers after the instruction ran, or the fault that stopped it (with the registers then). */
    private record Step(Registers after, Fault crash) {
    }

    private Step run(int tid, Instruction insn, Registers before, List<AccessRange> opened) {
        boolean fromTrampoline = insn.known() && insn.stringOp() != null && insn.stringOp().rep() != StringOp.Rep.NONE;
        long resumeAt = before.rip() + insn.length();
        Registers start = before;
        if (fromTrampoline) {
            byte[] code = insn.bytes();
            byte[] withTrap = Arrays.copyOf(code, code.length + 1);
            withTrap[code.length] = (byte) 0xcc; // int3: stop once the whole rep instruction is done
            memory.write(stepTrampoline, withTrap);
            start = before.copy();
            start.setRip(stepTrampoline);
        }
        ptrace.setRegs(tid, start);
        int extraPages = 0;
        while (true) {
            if (fromTrampoline) {
                ptrace.cont(tid, 0);
            } else {
                ptrace.singleStep(tid, 0);
            }
            WaitStatus status = threads.awaitStep(tid);
            if (status.event() == Ptrace.EVENT_STOP) {
                continue; // a PTRACE_INTERRUPT that met the thread already stopped: nothing ran, go again
            }
            int signal = status.stopSignal();
            if (signal == Signals.SIGTRAP) {
                Registers after = ptrace.getRegs(tid);
                if (fromTrampoline) {
                    after.setRip(resumeAt);
                }
                return new Step(after, null);
            }
            SigInfo siginfo = ptrace.getSigInfo(tid);
            boolean ownFault = (signal == Signals.SIGSEGV || signal == Signals.SIGBUS) && siginfo.code() > 0;
            if (!ownFault) {
                // an asynchronous signal (SIGPROF, SIGCHLD, the timeout's SIGSTOP): the thread gets it once
                // the instruction is done; a rep instruction it interrupted goes on from where it was
                threads.defer(tid, signal);
                continue;
            }
            Registers now = ptrace.getRegs(tid);
            if (signal == Signals.SIGSEGV && tracked.contains(siginfo.faultAddress()) && extraPages < MAX_EXTRA_PAGES) {
                // the instruction reached a tracked page its decoded operands did not name
                AccessRange page = new AccessRange(tracked.pageOf(siginfo.faultAddress()), tracked.pageSize());
                gadgetCalls.mprotect(tid, now, page, RW);
                opened.add(page);
                extraPages++;
                log.warn("instruction at " + describe.apply(before.rip()) + " touched tracked page 0x"
                        + Long.toHexString(page.addr()) + " beyond its decoded operands");
                continue;
            }
            // the instruction itself faulted outside the tracked pages (a rep string running off its buffer
            // into unmapped memory): a native crash, reported at the instruction, not the trampoline
            Registers at = now.copy();
            if (fromTrampoline) {
                at.setRip(before.rip());
            }
            return new Step(now, new Fault(tid, signal, siginfo, at, insn, at));
        }
    }
}
