package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.supervisor.linux.LinuxException;
import dev.tracedffi.supervisor.linux.Ptrace;
import dev.tracedffi.supervisor.linux.Registers;
import dev.tracedffi.supervisor.linux.SigInfo;
import dev.tracedffi.supervisor.linux.Signals;
import dev.tracedffi.supervisor.linux.Syscalls;
import dev.tracedffi.supervisor.linux.WaitStatus;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.StringOp;
import dev.tracedffi.supervisor.x86.X86Decoder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Traces one native call of the child, from the moment its thread is seized until it raises the end
 * marker (or dies, crashes, or the session times out). Runs on the tracer thread, which owns every
 * ptrace request.
 *
 * <p>Each fault on a tracked page is made to execute on its real operands. With {@link Strategy#DISPLACED}
 * it runs from a trampoline against the arena's alias view ({@link DisplacedExecution}), one stop per
 * access; what cannot be relocated, and everything under {@link Strategy#SINGLESTEP}, goes the
 * baseline way: inject {@code mprotect} to open the pages the instruction touches, single-step it (a
 * {@code rep} string instruction runs to completion from a trampoline instead, one stop for the whole
 * instruction), inject {@code mprotect} to close them again, continue. Threads run under
 * PTRACE_SYSCALL: syscalls on tracked memory are handled at their entry and exit ({@link SyscallStops}).
 */
final class CallTracer {

    private static final int SYS_MPROTECT = 10;
    private static final int TRAMPOLINE_OFFSET = 16;
    private static final int MAX_EXTRA_PAGES = 8;

    private final Ptrace ptrace;
    private final int pid;
    private final StartFfiInfo info;
    private final int mainTid;
    private final TrackedPages tracked;
    private final RemoteMemory memory;
    private final Symbolizer symbolizer;
    private final BooleanSupplier timeoutRequested;
    /** Null under {@link Strategy#SINGLESTEP} or when the child has no usable alias view. */
    private final DisplacedExecution displaced;
    private final Set<Integer> tids = new LinkedHashSet<>();
    private final List<AccessEvent> events = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final SyscallStops syscalls;
    /** A signal that arrived while the tracer was stepping a thread; delivered when it continues. */
    private int deferredSignal;

    CallTracer(Ptrace ptrace, int pid, StartFfiInfo info, Symbolizer symbolizer, BooleanSupplier timeoutRequested,
               Strategy strategy, TrampolineCache trampolines) {
        this.ptrace = ptrace;
        this.pid = pid;
        this.info = info;
        this.mainTid = (int) info.tid();
        this.tracked = new TrackedPages(info.pagePtrs(), info.pageSize());
        this.memory = new RemoteMemory(pid);
        this.symbolizer = symbolizer;
        this.timeoutRequested = timeoutRequested;
        this.displaced = strategy == Strategy.DISPLACED && DisplacedExecution.usable(info)
                ? new DisplacedExecution(trampolines, memory, tracked, info) : null;
        this.syscalls = new SyscallStops(ptrace, pid, tracked, info.pageSize(), this::injectMprotect,
                this::waitStopOf, this::describe, events, warnings);
        tids.add(mainTid);
    }

    /**
     * Seizes the calling thread; the child may start the call once this returns. The interrupt makes the
     * thread stop at once, so it runs under PTRACE_SYSCALL (which only a resume can ask for) from its
     * first syscall in the call.
     */
    void attach() {
        ptrace.seize(mainTid, Ptrace.O_TRACECLONE | Ptrace.O_TRACEEXIT | Ptrace.O_TRACESYSGOOD);
        ptrace.interrupt(mainTid);
    }

    /** Follows the call to its end. Never leaves a traced thread stopped or unreaped. */
    CallOutcome trace() {
        try {
            return loop();
        } catch (ChildGoneException e) {
            reapAll();
            return new CallOutcome.ChildDied(events, warnings);
        }
    }

    private CallOutcome loop() {
        while (true) {
            WaitStatus status = waitForAny();
            int tid = status.tid();
            if (status.gone()) {
                tids.remove(tid);
                if (tid == mainTid) {
                    reapAll();
                    return new CallOutcome.ChildDied(events, warnings);
                }
                continue;
            }
            int signal = status.stopSignal();
            // the timeout's SIGSTOP may arrive as a group-stop: when a tracer injection deferred it
            if (signal == Signals.SIGSTOP && timeoutRequested.getAsBoolean()) {
                return new CallOutcome.TimedOut(describeLocation(tid), events, warnings);
            }
            switch (status.event()) {
                case Ptrace.EVENT_EXIT, Ptrace.EVENT_STOP -> {
                    resume(tid, 0);
                    continue;
                }
                case Ptrace.EVENT_CLONE -> {
                    tids.add((int) ptrace.getEventMsg(tid));
                    resume(tid, 0);
                    continue;
                }
                default -> {
                }
            }
            if (signal == Ptrace.SYSCALL_STOP) {
                syscalls.onStop(tid);
                resume(tid, takeDeferredSignal());
                continue;
            }
            if (signal == Signals.SIGURG && tid == mainTid && isEndMarker(ptrace.getSigInfo(tid))) {
                detachAll();
                return new CallOutcome.Completed(events, warnings);
            }
            if (signal == Signals.SIGSEGV || signal == Signals.SIGBUS) {
                Optional<CrashReport> crash = handleFault(tid, signal);
                if (crash.isPresent()) {
                    return new CallOutcome.Crashed(crash.get(), events, warnings);
                }
                continue;
            }
            resume(tid, signal);
        }
    }

    private boolean isEndMarker(SigInfo siginfo) {
        return siginfo.code() == SigInfo.SI_TKILL && siginfo.senderPid() == pid;
    }

    /**
     * A SIGSEGV or SIGBUS: either an access to a tracked page (record it, make it execute, continue),
     * a native crash (report it), or the JVM's own business (forward it).
     */
    private Optional<CrashReport> handleFault(int tid, int signal) {
        SigInfo siginfo = ptrace.getSigInfo(tid);
        Registers regs = ptrace.getRegs(tid);
        Instruction insn = decodeAt(regs.rip());
        boolean kernelFault = siginfo.code() > 0;
        if (signal == Signals.SIGSEGV && kernelFault && touchesTrackedMemory(tid, siginfo, insn, regs)) {
            executeTracked(tid, siginfo, insn, regs);
            return Optional.empty();
        }
        ProcMaps maps = ProcMaps.of(pid);
        if (kernelFault && isNativeLibraryCode(maps, regs.rip())) {
            CrashReport report = CrashReport.of(signal, siginfo, regs, insn, info.callName(),
                    symbolizer.symbolize(maps, regs.rip()));
            killAndReap();
            return Optional.of(report);
        }
        resume(tid, signal);
        return Optional.empty();
    }

    private boolean touchesTrackedMemory(int tid, SigInfo siginfo, Instruction insn, Registers regs) {
        if (tracked.contains(siginfo.faultAddress())) {
            return true;
        }
        // an access that straddles from an untracked page into a tracked one reports the page start
        // on some kernels and the access start on others: trust the decoded operands
        for (Access access : accessesOf(tid, insn, regs, regs)) {
            if (tracked.overlaps(access.range())) {
                return true;
            }
        }
        return false;
    }

    /** Native library code: a file-backed mapping other than the JVM itself. JIT code is anonymous. */
    private static boolean isNativeLibraryCode(ProcMaps maps, long rip) {
        return maps.find(rip)
                .filter(Mapping::fileBacked)
                .filter(m -> !m.shortName().equals("libjvm.so"))
                .isPresent();
    }

    private void executeTracked(int tid, SigInfo siginfo, Instruction insn, Registers before) {
        if (displaced != null) {
            Optional<Registers> original = displaced.undo(before);
            if (original.isPresent()) {
                // the relocated instruction reached a tracked page its decoded operands did not name; its
                // events were recorded when it was redirected, so it is only re-run the single-step way
                Registers back = original.get();
                warnings.add("instruction at " + describe(back.rip()) + " touched tracked page 0x"
                        + Long.toHexString(tracked.pageOf(siginfo.faultAddress())) + " beyond its decoded operands");
                singleStepTracked(tid, siginfo, decodeAt(back.rip()), back, false);
                return;
            }
            List<Access> accesses = accessesOf(tid, insn, before, before);
            Optional<Registers> redirected = displaced.redirect(insn, before, accesses);
            if (redirected.isPresent()) {
                // events from the registers at the fault are final: only repe/repne (never redirected) stop on data
                recordAccesses(before.rip(), accesses);
                ptrace.setRegs(tid, redirected.get());
                resume(tid, takeDeferredSignal());
                return;
            }
        }
        singleStepTracked(tid, siginfo, insn, before, true);
    }

    private void singleStepTracked(int tid, SigInfo siginfo, Instruction insn, Registers before, boolean recordEvents) {
        List<AccessRange> opened = new ArrayList<>();
        if (insn.known()) {
            for (Access access : accessesOf(tid, insn, before, before)) {
                opened.addAll(tracked.runsTouchedBy(access.range()));
            }
        } else {
            warnings.add("unknown instruction at " + describe(before.rip()) + ": " + hex(insn.bytes()));
        }
        opened.addAll(tracked.runsTouchedBy(new AccessRange(siginfo.faultAddress(), 1)));
        opened = TrackedPages.merge(opened);
        for (AccessRange run : opened) {
            injectMprotect(tid, before, run, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
        }
        Registers after = run(tid, insn, before, opened);
        for (AccessRange run : opened) {
            injectMprotect(tid, after, run, Syscalls.PROT_NONE);
        }
        ptrace.setRegs(tid, after);
        if (recordEvents) {
            record(tid, insn, before, after, siginfo);
        }
        resume(tid, takeDeferredSignal());
    }

    /** Executes the faulting instruction with its pages open; returns the registers after it. */
    private Registers run(int tid, Instruction insn, Registers before, List<AccessRange> opened) {
        boolean fromTrampoline = insn.known() && isRepString(insn);
        long resumeAt = before.rip() + insn.length();
        if (fromTrampoline) {
            long trampoline = info.gadgetPtr() + TRAMPOLINE_OFFSET;
            byte[] code = insn.bytes();
            byte[] withTrap = java.util.Arrays.copyOf(code, code.length + 1);
            withTrap[code.length] = (byte) 0xcc; // int3: stop once the whole rep instruction is done
            memory.write(trampoline, withTrap);
            Registers redirected = before.copy();
            redirected.setRip(trampoline);
            ptrace.setRegs(tid, redirected);
        } else {
            ptrace.setRegs(tid, before);
        }
        for (int extraPages = 0; ; extraPages++) {
            if (fromTrampoline) {
                ptrace.cont(tid, 0);
            } else {
                ptrace.singleStep(tid, 0);
            }
            WaitStatus status = waitStopOf(tid);
            int signal = status.stopSignal();
            if (signal == Signals.SIGTRAP) {
                Registers after = ptrace.getRegs(tid);
                if (fromTrampoline) {
                    after.setRip(resumeAt);
                }
                return after;
            }
            if (signal == Signals.SIGSEGV && extraPages < MAX_EXTRA_PAGES) {
                SigInfo again = ptrace.getSigInfo(tid);
                if (tracked.contains(again.faultAddress())) {
                    // the instruction reached a tracked page its decoded operands did not name
                    AccessRange page = new AccessRange(tracked.pageOf(again.faultAddress()), info.pageSize());
                    Registers now = ptrace.getRegs(tid);
                    injectMprotect(tid, now, page, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
                    opened.add(page);
                    ptrace.setRegs(tid, now);
                    warnings.add("instruction at " + describe(before.rip()) + " touched tracked page 0x"
                            + Long.toHexString(page.addr()) + " beyond its decoded operands");
                    continue;
                }
            }
            throw new TracerException("while executing the instruction at " + describe(before.rip())
                    + " the child stopped with signal " + signal + " instead of completing it");
        }
    }

    private static boolean isRepString(Instruction insn) {
        StringOp op = insn.stringOp();
        return op != null && op.rep() != StringOp.Rep.NONE;
    }

    private void record(int tid, Instruction insn, Registers before, Registers after, SigInfo siginfo) {
        long ip = before.rip();
        if (!insn.known()) {
            AccessRange guess = new AccessRange(siginfo.faultAddress(), 1);
            events.add(new AccessEvent.Read(guess, ip));
            events.add(new AccessEvent.Write(guess, false, ip));
            return;
        }
        recordAccesses(ip, accessesOf(tid, insn, before, after));
    }

    private void recordAccesses(long ip, List<Access> accesses) {
        for (Access access : accesses) {
            if (!tracked.overlaps(access.range())) {
                continue;
            }
            MemOperand op = access.operand();
            if (op.access().reads()) {
                events.add(new AccessEvent.Read(access.range(), ip));
            }
            if (op.access().writes()) {
                boolean certain = access.maskResolved() || !op.access().conditional() && !op.vsib();
                events.add(new AccessEvent.Write(access.range(), certain, ip));
            }
        }
    }

    /**
     * One memory operand with bytes it covers; {@code maskResolved} when an AVX-512 opmask was read
     * to narrow a masked access to exactly the elements it touches.
     */
    record Access(MemOperand operand, AccessRange range, boolean maskResolved) {
    }

    /**
     * The bytes each operand of {@code insn} covers. For string instructions the count of elements
     * comes from rcx before and after (so it is exact once the instruction ran) and the direction from
     * DF; before the instruction ran, {@code after == before} and a rep instruction covers rcx elements.
     */
    private List<Access> accessesOf(int tid, Instruction insn, Registers before, Registers after) {
        List<Access> accesses = new ArrayList<>(2);
        if (!insn.known()) {
            return accesses;
        }
        StringOp stringOp = insn.stringOp();
        for (MemOperand op : insn.memOperands()) {
            if (op.vsib()) {
                continue; // element addresses live in a vector register; covered by the fault address
            }
            long address = op.effectiveAddress(before);
            long size = op.accessedBytes();
            if (stringOp != null && op.implicit() && (op.base() == 6 || op.base() == 7)) {
                long elements = stringElements(stringOp, before, after);
                size = elements * stringOp.elementSize();
                if (before.directionFlag()) {
                    address = address - size + stringOp.elementSize();
                }
            }
            int maskRegister = op.access().conditional() && !op.broadcast() ? evexMaskRegister(insn.bytes()) : 0;
            if (maskRegister != 0) {
                addMaskedElements(accesses, op, address, ptrace.getOpmask(tid, maskRegister));
            } else if (size > 0) {
                accesses.add(new Access(op, new AccessRange(address, size), false));
            }
        }
        return accesses;
    }

    /** The runs of elements whose opmask bit is set: the only ones a masked access touches. */
    private static void addMaskedElements(List<Access> accesses, MemOperand op, long address, long mask) {
        int elements = op.size() / op.elementSize();
        int i = 0;
        while (i < elements) {
            if ((mask & (1L << i)) == 0) {
                i++;
                continue;
            }
            int first = i;
            while (i < elements && (mask & (1L << i)) != 0) {
                i++;
            }
            accesses.add(new Access(op, new AccessRange(address + (long) first * op.elementSize(),
                    (long) (i - first) * op.elementSize()), true));
        }
    }

    /** The opmask register (EVEX.aaa) of an EVEX instruction, 0 when unmasked or not EVEX. */
    private static int evexMaskRegister(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && isLegacyPrefix(bytes[i] & 0xff)) {
            i++;
        }
        return i + 3 < bytes.length && (bytes[i] & 0xff) == 0x62 ? bytes[i + 3] & 7 : 0;
    }

    private static boolean isLegacyPrefix(int b) {
        return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3
                || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 || b == 0x64 || b == 0x65;
    }

    private static long stringElements(StringOp op, Registers before, Registers after) {
        if (op.rep() == StringOp.Rep.NONE) {
            return 1;
        }
        long rcxBefore = before.gpr(1);
        long rcxAfter = after.gpr(1);
        return rcxAfter == rcxBefore ? rcxBefore : rcxBefore - rcxAfter;
    }

    private Instruction decodeAt(long rip) {
        byte[] bytes = memory.read(rip, 15);
        return X86Decoder.decode(bytes, 0, bytes.length, rip);
    }

    /**
     * Makes the thread run {@code mprotect(run, prot)} from the child's syscall gadget, then leaves its
     * registers as {@code base} again.
     */
    private void injectMprotect(int tid, Registers base, AccessRange run, int prot) {
        Registers call = base.copy();
        call.set(Registers.RAX, SYS_MPROTECT);
        call.set(Registers.RDI, run.addr());
        call.set(Registers.RSI, run.size());
        call.set(Registers.RDX, prot);
        call.set(Registers.ORIG_RAX, -1);
        call.setRip(info.gadgetPtr());
        ptrace.setRegs(tid, call);
        while (true) {
            ptrace.singleStep(tid, 0);
            WaitStatus status = waitStopOf(tid);
            if (status.stopSignal() == Signals.SIGTRAP) {
                break;
            }
            deferredSignal = status.stopSignal();
            ptrace.setRegs(tid, call);
        }
        long result = ptrace.getRegs(tid).get(Registers.RAX);
        ptrace.setRegs(tid, base);
        if (result != 0) {
            throw new TracerException("injected mprotect(0x" + Long.toHexString(run.addr()) + ", " + run.size()
                    + ", " + prot + ") failed with " + result);
        }
    }

    private int takeDeferredSignal() {
        int signal = deferredSignal;
        deferredSignal = 0;
        return signal;
    }

    /** Waits for the next stop of {@code tid}, passing over event stops; throws when the thread died. */
    private WaitStatus waitStopOf(int tid) {
        while (true) {
            WaitStatus status = ptrace.waitFor(tid, 0);
            if (status.gone()) {
                tids.remove(tid);
                throw new ChildGoneException();
            }
            if (status.event() == Ptrace.EVENT_EXIT) {
                // the process is being killed (exit_group or SIGKILL) while we stepped it
                ptrace.cont(tid, 0);
                continue;
            }
            return status;
        }
    }

    private WaitStatus waitForAny() {
        if (tids.size() == 1) {
            return ptrace.waitFor(tids.iterator().next(), 0);
        }
        // several traced threads: waitpid(-1) would steal the JDK's reaping, so poll each tid
        long pause = 10_000;
        while (true) {
            for (int tid : tids) {
                WaitStatus status = ptrace.waitFor(tid, Ptrace.WNOHANG);
                if (status != null) {
                    return status;
                }
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 1_000_000);
        }
    }

    /** Continues the thread up to its next stop, syscall entries and exits included ({@link SyscallStops}). */
    private void resume(int tid, int signal) {
        try {
            ptrace.syscall(tid, signal);
        } catch (LinuxException e) {
            // the thread vanished between its stop and our request (SIGKILL): its exit is reaped later
        }
    }

    /** Detaches every traced thread; the main thread is stopped at the end marker, which is discarded. */
    private void detachAll() {
        for (int tid : List.copyOf(tids)) {
            if (tid == mainTid) {
                continue;
            }
            try {
                ptrace.interrupt(tid);
                WaitStatus status = waitStopOf(tid);
                boolean signalStop = status.event() == 0 && status.stopSignal() != Ptrace.SYSCALL_STOP;
                ptrace.detach(tid, signalStop ? status.stopSignal() : 0);
            } catch (ChildGoneException | LinuxException e) {
                // the thread ended on its own: nothing to detach
            }
            tids.remove(tid);
        }
        ptrace.detach(mainTid, 0);
        tids.remove(mainTid);
    }

    /** Where the thread stopped by the timeout is, then kills the child. */
    private String describeLocation(int tid) {
        Registers regs = ptrace.getRegs(tid);
        String where = describe(regs.rip());
        killAndReap();
        return where;
    }

    private String describe(long address) {
        return symbolizer.symbolize(ProcMaps.of(pid), address) + " (0x" + Long.toHexString(address) + ")";
    }

    /** SIGKILLs the child and reaps every traced thread (each passes an exit event stop first). */
    void killAndReap() {
        Syscalls.get().kill(pid, Signals.SIGKILL);
        reapAll();
    }

    private void reapAll() {
        for (int tid : List.copyOf(tids)) {
            try {
                while (true) {
                    WaitStatus status = ptrace.waitFor(tid, 0);
                    if (status.gone()) {
                        break;
                    }
                    ptrace.cont(tid, 0);
                }
            } catch (LinuxException e) {
                // ECHILD: already reaped
            }
            tids.remove(tid);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x ", b));
        }
        return out.toString().trim();
    }
}
