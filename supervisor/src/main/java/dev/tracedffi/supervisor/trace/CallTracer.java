package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Errno;
import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.supervisor.CallRecord.Ending;
import dev.tracedffi.supervisor.CrashReport;
import dev.tracedffi.supervisor.Strategy;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.ptrace.SigInfo;
import dev.tracedffi.supervisor.ptrace.SyscallInfo;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.IntelSyntax;
import dev.tracedffi.supervisor.x86.X86Decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Traces one native call of the child, from the moment its thread is seized until it raises the end
 * marker, dies, crashes, or the session times out. Runs on the tracer thread, which owns every ptrace
 * request. {@link #trace()} is one loop over the {@link Stop}s of the traced threads:
 *
 * <ul>
 *   <li>a thread gone: if it was the calling thread the child died inside the call;
 *   <li>a clone: the new thread is traced from its first instruction (PTRACE_O_TRACECLONE);
 *   <li>a syscall stop: syscalls on tracked memory are made to work and recorded ({@link SyscallStops});
 *   <li>the end marker on the calling thread: the call is over, every thread is detached;
 *   <li>a fault: an access to tracked memory is recorded and executed, a native crash is reported,
 *       the JVM's own faults are forwarded ({@link #onFault});
 *   <li>any other signal is delivered unchanged.
 * </ul>
 */
public final class CallTracer {

    private final Ptrace ptrace;
    private final int pid;
    private final StartFfiInfo info;
    private final int callingTid;
    private final Symbolizer symbolizer;
    private final BooleanSupplier timeoutRequested;
    private final TrampolineCache trampolines;
    private final RemoteMemory memory;
    private final TrackedPages tracked;
    private final TracedThreads threads;
    private final EventLog log;
    private final SyscallStops syscalls;
    private final InstructionExecution execution;
    private final long endMarkerNonce;
    private final JvmCodeHeap codeHeap;
    private final NativeStacks stacks;
    private final FirstAccesses firstAccesses;

    /**
     * @param timeoutRequested true once the session's time is up: the SIGSTOP the calling thread then
     *                         gets is the timeout's, not the child's
     * @param trampolines      the child's trampolines, shared by its calls (they use the same scratch area)
     * @param codeHeap         the JVM's generated code: faults there are the JVM's own
     * @param unseized         the child's threads that a call does not seize (HotSpot's own, the exit sentinel)
     * @param endMarkerNonce   the value the calling thread's end marker carries (sent with the confirmation)
     * @param stacks           unwinds the child's threads (shared by its calls: parsed files are cached)
     */
    public CallTracer(Ptrace ptrace, int pid, StartFfiInfo info, Symbolizer symbolizer, BooleanSupplier timeoutRequested,
                      Strategy strategy, TrampolineCache trampolines, JvmCodeHeap codeHeap,
                      UnseizedThreads unseized, long endMarkerNonce, NativeStacks stacks) {
        this.stacks = stacks;
        this.endMarkerNonce = endMarkerNonce;
        this.codeHeap = codeHeap;
        this.ptrace = ptrace;
        this.pid = pid;
        this.info = info;
        this.callingTid = (int) info.tid();
        this.symbolizer = symbolizer;
        this.timeoutRequested = timeoutRequested;
        this.trampolines = trampolines;
        this.memory = new RemoteMemory(pid);
        this.firstAccesses = new FirstAccesses(stacks, memory, () -> ProcMaps.of(pid), new LiveBuffers(info.allocations()));
        this.threads = new TracedThreads(ptrace, pid, unseized);
        TrackedPages tracked = new TrackedPages(info.pagePtrs(), info.pageSize());
        this.log = new EventLog(tracked);
        GadgetCalls gadgetCalls = new GadgetCalls(threads, info.gadgetPtr());
        this.syscalls = new SyscallStops(threads, gadgetCalls, memory, tracked, log, this::describe,
                DisplacedExecution.usable(info) ? info.aliasDelta() : 0, info.gadgetPtr());
        SingleStepExecution singleStep = new SingleStepExecution(threads, gadgetCalls, memory, tracked, log,
                this::describe, info.gadgetPtr());
        this.execution = strategy == Strategy.DISPLACED && DisplacedExecution.usable(info)
                ? new DisplacedExecution(threads, trampolines, memory, tracked, log, singleStep, this::describe, info)
                : singleStep;
        this.tracked = tracked;
    }

    /**
     * Seizes the calling thread. Must happen before the child is told to go on (seize before confirming):
     * the child closes the arena right after the confirmation, and an untraced access would kill it.
     */
    public void attach() {
        threads.seizeAll(callingTid);
    }

    /** Follows the call to its end. Never leaves a traced thread stopped or unreaped. */
    public CallTrace trace() {
        try {
            return loop();
        } catch (ChildGoneException e) {
            threads.killAndReap(); // it is dying already; the kill makes sure no thread of it runs on untraced
            return ended(Ending.CHILD_DIED);
        }
    }

    private CallTrace loop() {
        while (true) {
            Stop stop = threads.next();
            try {
                Optional<CallTrace> end = handle(stop);
                if (end.isPresent()) {
                    return end.get();
                }
            } catch (LinuxException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
                // the thread was killed while we worked on it (exit_group, SIGKILL): its exit event and its
                // end are still to be waited for, and come next
            }
        }
    }

    /** Handles one stop; the call's end when the stop ends it. */
    private Optional<CallTrace> handle(Stop stop) {
        int tid = stop.tid();
        if (stop instanceof Stop.Gone) {
            if (tid == callingTid) {
                threads.killAndReap(); // the calling thread is gone: the call can never end, nor the test
                return Optional.of(ended(Ending.CHILD_DIED));
            }
        } else if (stop instanceof Stop.Cloned cloned) {
            threads.adopt(cloned.child());
            threads.resume(tid, 0);
        } else if (stop instanceof Stop.Interrupted interrupted) {
            if (interrupted.groupStop() && interrupted.signal() == Signals.SIGSTOP && timeoutRequested.getAsBoolean()) {
                // the timeout's SIGSTOP arrives as a group-stop when an injection deferred it
                return Optional.of(timedOut(tid));
            }
            threads.resume(tid, 0);
        } else if (stop instanceof Stop.Exiting) {
            threads.resume(tid, 0);
        } else if (stop instanceof Stop.Syscall) {
            SyscallInfo syscall = ptrace.getSyscallInfo(tid);
            Optional<String> program = ExecveCall.programAtEntry(syscall, memory);
            if (program.isPresent()) {
                return Optional.of(releasedForExec(tid, program.get()));
            }
            syscalls.onStop(tid, syscall);
            threads.resume(tid, 0);
        } else if (stop instanceof Stop.Signal signalled) {
            int signal = signalled.signal();
            if (signal == Signals.SIGSTOP && timeoutRequested.getAsBoolean()) {
                return Optional.of(timedOut(tid));
            }
            if (signal == ChildContract.END_MARKER_SIGNAL && tid == callingTid && isEndMarker(ptrace.getSigInfo(tid))) {
                threads.detachAll(callingTid, this::inScratchArea);
                return Optional.of(ended(Ending.COMPLETED));
            }
            if (signal == Signals.SIGSEGV || signal == Signals.SIGBUS) {
                Optional<CrashReport> crash = onFault(readFault(tid, signal));
                if (crash.isPresent()) {
                    return Optional.of(new CallTrace(Ending.CRASHED, log.events(), log.warnings(), crash,
                            Optional.empty(), firstAccesses.byIp()));
                }
            } else {
                threads.resume(tid, signal);
            }
        }
        return Optional.empty();
    }

    /** The marker the calling thread raises, carrying this call's nonce; any other SIGURG is the child's own. */
    private boolean isEndMarker(SigInfo siginfo) {
        return siginfo.code() == SigInfo.SI_QUEUE && siginfo.senderPid() == pid && siginfo.value() == endMarkerNonce;
    }

    private boolean inScratchArea(long address) {
        return address >= info.gadgetPtr() && address < info.gadgetPtr() + ChildContract.SCRATCH_BYTES;
    }

    private Fault readFault(int tid, int signal) {
        SigInfo siginfo = ptrace.getSigInfo(tid);
        Registers regs = ptrace.getRegs(tid);
        Registers original = DisplacedExecution.undo(trampolines, info.aliasDelta(), regs).orElse(regs);
        return new Fault(tid, signal, siginfo, regs, decodeAt(original.rip()), original);
    }

    /**
     * A SIGSEGV or SIGBUS, in three steps:
     * <ol>
     *   <li>raised by the kernel for an access to tracked memory: record it, make it execute, continue;
     *   <li>raised by the kernel in native code (or in a trampoline standing for native code): a native
     *       crash, reported at the original instruction, and the child is killed;
     *   <li>anything else (the JVM's implicit null checks, a signal sent by a process): delivered.
     * </ol>
     */
    private Optional<CrashReport> onFault(Fault fault) {
        if (fault.signal() == Signals.SIGSEGV && fault.synchronous() && touchesTrackedMemory(fault)) {
            int recorded = log.size();
            Optional<Fault> crashed = execution.execute(fault);
            firstAccesses.note(fault, log.since(recorded)); // the thread is still stopped at the fault
            if (crashed.isEmpty()) {
                threads.resume(fault.tid(), 0);
                return Optional.empty();
            }
            return Optional.of(crash(crashed.get()));
        }
        if (fault.synchronous() && (fault.inTrampoline()
                || !CodeOrigin.of(ProcMaps.of(pid), codeHeap, fault.original().rip()).ownsItsFaults())) {
            return Optional.of(crash(fault));
        }
        threads.resume(fault.tid(), fault.signal());
        return Optional.empty();
    }

    private boolean touchesTrackedMemory(Fault fault) {
        if (tracked.contains(fault.faultAddress())) {
            return true;
        }
        // an access that straddles from an untracked page into a tracked one reports the page start
        // on some kernels and the access start on others: trust the decoded operands
        Registers at = fault.original();
        for (OperandBytes.Access access : OperandBytes.of(fault.insn(), at, at, k -> ptrace.getOpmask(fault.tid(), k))) {
            if (tracked.overlaps(access.range())) {
                return true;
            }
        }
        return false;
    }

    /** The crash report, read while the child lives; then the child is killed and reaped. */
    private CrashReport crash(Fault fault) {
        Registers at = fault.original();
        Instruction insn = fault.insn();
        String instruction = (insn.known() ? IntelSyntax.format(insn) : "(undecoded)") + "  [" + Hex.bytes(insn.bytes()) + "]";
        ProcMaps maps = ProcMaps.of(pid);
        CrashReport report = new CrashReport(fault.signal(), fault.siginfo().code(), fault.faultAddress(), at.rip(),
                symbolizer.symbolize(maps, at.rip()), instruction, at.dump(), info.callName(),
                stacks.of(at, memory, maps), info.javaFrames());
        threads.killAndReap();
        return report;
    }

    /** Where the thread stopped by the timeout is; then the child is killed and reaped. */
    private CallTrace timedOut(int tid) {
        String where = describe(ptrace.getRegs(tid).rip());
        threads.killAndReap();
        return new CallTrace(Ending.TIMED_OUT, log.events(), log.warnings(), Optional.empty(), Optional.of(where),
                firstAccesses.byIp());
    }

    /**
     * A traced thread is entering execve: every thread is let go first, so that the exec runs untraced.
     * Traced through it, the thread would come out as the child's leader, whose stops the JDK's reaper
     * takes for exits (it waits for the pid, and the tracer thread belongs to its process).
     */
    private CallTrace releasedForExec(int tid, String program) {
        threads.detachAll(tid, this::inScratchArea);
        List<String> warnings = new ArrayList<>(log.warnings());
        warnings.add("native code called execve(" + program + ") in thread " + tid + ": tracing stopped there; "
                + "unless it failed, that program replaced the child JVM (the events are those made before)");
        return new CallTrace(Ending.EXECVE, log.events(), warnings, Optional.empty(), Optional.empty(),
                firstAccesses.byIp());
    }

    private CallTrace ended(Ending ending) {
        return new CallTrace(ending, log.events(), log.warnings(), Optional.empty(), Optional.empty(),
                firstAccesses.byIp());
    }

    private Instruction decodeAt(long rip) {
        byte[] bytes = memory.read(rip, 15);
        return X86Decoder.decode(bytes, 0, bytes.length, rip);
    }

    private String describe(long address) {
        return symbolizer.symbolize(ProcMaps.of(pid), address) + " (0x" + Long.toHexString(address) + ")";
    }

    /** Gives up on the child: SIGKILL, and every traced thread reaped. For a tracer that failed mid-call. */
    public void killAndReap() {
        threads.killAndReap();
    }
}
