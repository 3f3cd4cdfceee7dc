package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.supervisor.TracerException;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.ptrace.SyscallInfo;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Syscalls of traced threads on tracked memory. The kernel does not fault on a PROT_NONE buffer, it
 * fails with EFAULT; so at the syscall-entry stop the pages the syscall's pointer arguments cover are
 * opened, the syscall runs on them, and at its exit stop its accesses are recorded and the pages closed.
 *
 * <p>Opening happens at the entry stop, where a syscall is pending and no other can be injected: the
 * pending syscall is turned into {@code mprotect} (opening the first run of pages), further runs are
 * opened from its exit stop the usual way, then the thread is rewound onto its {@code syscall}
 * instruction with the original registers. It enters the syscall again (possibly after a signal handler
 * ran); that entry is recognised and let through. Between the two stops the thread is "armed"; while the
 * syscall runs it is "in flight". Other threads keep running meanwhile: a syscall may block.
 */
final class SyscallStops {

    private static final int SYSCALL_INSN_LENGTH = 2;
    /** -ERESTARTSYS ... -ERESTART_RESTARTBLOCK: the syscall will be made again; record it then. */
    private static final long RESTART_FIRST = -516;
    private static final long RESTART_LAST = -512;

    private sealed interface State {
        SyscallAccesses accesses();

        List<AccessRange> opened();
    }

    /** Pages opened, thread rewound onto the syscall it was entering. */
    private record Armed(SyscallInfo entry, SyscallAccesses accesses, List<AccessRange> opened) implements State {
    }

    /** The syscall runs with its pages open. */
    private record InFlight(SyscallAccesses accesses, List<AccessRange> opened) implements State {
    }

    /** The syscall runs against view B; {@code slot} holds its translated structures. */
    private record Redirected(SyscallAccesses accesses, SyscallRedirection redirection, int slot) implements State {
        @Override
        public List<AccessRange> opened() {
            return List.of();
        }
    }

    /** Syscalls whose kernel work on user memory happens later, asynchronously, out of the tracer's sight. */
    private static final Map<Long, String> ASYNCHRONOUS = Map.of(209L, "io_submit", 426L, "io_uring_enter",
            427L, "io_uring_register");

    private final TracedThreads threads;
    private final Ptrace ptrace;
    private final GadgetCalls gadgetCalls;
    private final RemoteMemory memory;
    private final TrackedPages tracked;
    private final EventLog log;
    private final LongFunction<String> describe;
    private final Map<Integer, State> states = new HashMap<>();
    private static final int SLOTS = (ChildContract.SCRATCH_BYTES - ChildContract.SYSCALL_SCRATCH_OFFSET)
            / ChildContract.SYSCALL_SCRATCH_SLOT;
    private final long delta;
    private final long slotBase;
    /** Which syscall scratch slots a thread's syscall in flight holds. */
    private final boolean[] slots;
    private boolean warnedAsynchronous;

    /**
     * @param describe an address as reports show it (symbol and hex)
     * @param delta    the arena's alias delta, 0 when it has no view B (pages are then opened instead)
     * @param scratch  the child's scratch area, whose syscall slots hold translated iovec arrays and msghdrs
     */
    SyscallStops(TracedThreads threads, GadgetCalls gadgetCalls, RemoteMemory memory, TrackedPages tracked, EventLog log,
                 LongFunction<String> describe, long delta, long scratch) {
        this.delta = delta;
        this.slots = new boolean[SLOTS];
        this.slotBase = scratch + ChildContract.SYSCALL_SCRATCH_OFFSET;
        this.threads = threads;
        this.ptrace = threads.ptrace();
        this.gadgetCalls = gadgetCalls;
        this.memory = memory;
        this.tracked = tracked;
        this.log = log;
        this.describe = describe;
    }

    /** Handles syscall stop {@code info} of {@code tid}; the caller resumes the thread with PTRACE_SYSCALL. */
    void onStop(int tid, SyscallInfo info) {
        if (!info.x86_64()) {
            return; // int 0x80 from 64-bit code: 32-bit pointers never reach the arena
        }
        if (info.op() == SyscallInfo.Op.ENTRY) {
            onEntry(tid, info);
        } else if (info.op() == SyscallInfo.Op.EXIT) {
            onExit(tid, info);
        }
    }

    private void onEntry(int tid, SyscallInfo entry) {
        State previous = states.remove(tid);
        if (previous instanceof Armed armed && isSameSyscall(armed.entry(), entry)) {
            states.put(tid, new InFlight(armed.accesses(), armed.opened()));
            return;
        }
        // a signal handler that did not return to the armed syscall leaves its pages open: close them with this one
        List<AccessRange> stillOpen = previous == null ? List.of() : previous.opened();
        if (tracked.isEmpty()) {
            return;
        }
        warnIfAsynchronous(entry);
        SyscallAccesses accesses = SyscallAccesses.resolve(entry.number(), entry.args(), tracked, tracked.pageSize(),
                memory::readAnyProtection);
        List<AccessRange> toOpen = accesses.pagesToOpen(tracked);
        if (!toOpen.isEmpty() && stillOpen.isEmpty() && redirect(tid, entry, accesses)) {
            return;
        }
        if (toOpen.isEmpty()) {
            if (!stillOpen.isEmpty()) {
                states.put(tid, new InFlight(accesses, stillOpen));
            }
            return;
        }
        openAndRewind(tid, entry, toOpen);
        List<AccessRange> opened = new ArrayList<>(stillOpen);
        opened.addAll(toOpen);
        states.put(tid, new Armed(entry, accesses, TrackedPages.merge(opened)));
    }

    /**
     * Moves the syscall's pointers into view B (no page opened for anybody); false when it cannot be, and
     * the pages are opened instead.
     */
    private boolean redirect(int tid, SyscallInfo entry, SyscallAccesses accesses) {
        if (delta == 0) {
            return false;
        }
        int slot = freeSlot();
        if (slot < 0) {
            return false;
        }
        long slotAddress = slotBase + (long) slot * ChildContract.SYSCALL_SCRATCH_SLOT;
        Optional<SyscallRedirection> plan = SyscallRedirection.plan(accesses, entry.args(), tracked, delta, slotAddress,
                ChildContract.SYSCALL_SCRATCH_SLOT);
        if (plan.isEmpty()) {
            return false;
        }
        for (SyscallRedirection.Write write : plan.get().writes()) {
            memory.write(write.address(), write.bytes());
        }
        ptrace.setRegs(tid, plan.get().apply(ptrace.getRegs(tid)));
        slots[slot] = true;
        states.put(tid, new Redirected(accesses, plan.get(), slot));
        return true;
    }

    private int freeSlot() {
        for (int i = 0; i < SLOTS; i++) {
            if (!slots[i]) {
                return i;
            }
        }
        return -1;
    }

    private void warnIfAsynchronous(SyscallInfo entry) {
        String name = ASYNCHRONOUS.get(entry.number());
        if (name != null && !warnedAsynchronous) {
            warnedAsynchronous = true;
            log.warn(name + " at " + describe.apply(entry.instructionPointer() - SYSCALL_INSN_LENGTH) + ": the kernel "
                    + "accesses the buffers of asynchronous I/O later, out of the tracer's sight; buffers in tracked "
                    + "memory fail with EFAULT there and their accesses are not recorded");
        }
    }

    private static boolean isSameSyscall(SyscallInfo armed, SyscallInfo entry) {
        return armed.number() == entry.number() && armed.instructionPointer() == entry.instructionPointer()
                && Arrays.equals(armed.args(), entry.args());
    }

    /**
     * At a syscall-entry stop: runs {@code mprotect} in place of the pending syscall to open the first
     * run, injects it for the others, then puts the thread back on its {@code syscall} instruction.
     */
    private void openAndRewind(int tid, SyscallInfo entry, List<AccessRange> runs) {
        Registers atEntry = ptrace.getRegs(tid);
        AccessRange first = runs.get(0);
        Registers asMprotect = GadgetCalls.withMprotectArguments(atEntry, first, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
        asMprotect.setOrigRax(Syscalls.SYS_MPROTECT);
        ptrace.setRegs(tid, asMprotect);
        WaitStatus status;
        do {
            ptrace.syscall(tid, 0);
            status = threads.awaitStep(tid);
        } while (status.event() == Ptrace.EVENT_STOP); // a leftover PTRACE_INTERRUPT: the syscall did not run yet
        if (status.stopSignal() != Ptrace.SYSCALL_STOP) {
            throw new TracerException("expected the exit of mprotect in place of " + SyscallTable.name(entry.number())
                    + " but the thread stopped with " + status);
        }
        Registers atExit = ptrace.getRegs(tid);
        if (atExit.gpr(Registers.RAX) != 0) {
            throw new TracerException("mprotect(" + first + ", PROT_READ|PROT_WRITE) in place of "
                    + SyscallTable.name(entry.number()) + " failed with " + atExit.gpr(Registers.RAX));
        }
        for (AccessRange run : runs.subList(1, runs.size())) {
            gadgetCalls.mprotect(tid, atExit, run, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
        }
        Registers rewound = atEntry.copy();
        rewound.setRip(atEntry.rip() - SYSCALL_INSN_LENGTH);
        rewound.setGpr(Registers.RAX, entry.number());
        rewound.setOrigRax(-1); // not inside a syscall any more: no restart logic may apply
        ptrace.setRegs(tid, rewound);
    }

    private void onExit(int tid, SyscallInfo exit) {
        State state = states.remove(tid);
        if (state instanceof Redirected redirected) {
            finishRedirected(tid, exit, redirected);
            return;
        }
        if (!(state instanceof InFlight inFlight)) {
            return; // a syscall that touched no tracked memory, or one that began before the thread was traced
        }
        long result = exit.result();
        if (result < RESTART_FIRST || result > RESTART_LAST) {
            long ip = exit.instructionPointer() - SYSCALL_INSN_LENGTH;
            log.addAll(inFlight.accesses().events(result, ip, tid, tracked));
            log.warnAll(inFlight.accesses().warnings(describe.apply(ip)));
        }
        Registers atExit = ptrace.getRegs(tid);
        for (AccessRange run : inFlight.opened()) {
            gadgetCalls.mprotect(tid, atExit, run, Syscalls.PROT_NONE);
        }
    }

    /** Puts the caller's arguments back, copies what recvmsg wrote into the header copy, records the accesses. */
    private void finishRedirected(int tid, SyscallInfo exit, Redirected redirected) {
        SyscallRedirection redirection = redirected.redirection();
        ptrace.setRegs(tid, redirection.restore(ptrace.getRegs(tid)));
        long result = exit.result();
        for (long[] back : redirection.copyBacks()) {
            memory.write(back[1], memory.read(back[0], (int) back[2]));
        }
        slots[redirected.slot()] = false;
        if (result < RESTART_FIRST || result > RESTART_LAST) {
            long ip = exit.instructionPointer() - SYSCALL_INSN_LENGTH;
            log.addAll(redirected.accesses().events(result, ip, tid, tracked));
            log.warnAll(redirected.accesses().warnings(describe.apply(ip)));
        }
    }
}
