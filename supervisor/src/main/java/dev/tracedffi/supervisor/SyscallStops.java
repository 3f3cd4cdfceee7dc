package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.linux.Ptrace;
import dev.tracedffi.supervisor.linux.Registers;
import dev.tracedffi.supervisor.linux.SyscallInfo;
import dev.tracedffi.supervisor.linux.Syscalls;
import dev.tracedffi.supervisor.linux.WaitStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
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

    /** Makes a stopped thread run {@code mprotect(run, prot)} and leaves its registers as {@code base}. */
    @FunctionalInterface
    interface MprotectInjector {
        void inject(int tid, Registers base, AccessRange run, int prot);
    }

    private static final int SYS_MPROTECT = 10;
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

    private final Ptrace ptrace;
    private final int pid;
    private final TrackedPages tracked;
    private final long pageSize;
    private final MprotectInjector injector;
    private final IntFunction<WaitStatus> waitStop;
    private final LongFunction<String> describe;
    private final List<AccessEvent> events;
    private final List<String> warnings;
    private final Map<Integer, State> states = new HashMap<>();

    /**
     * @param waitStop  waits for the next stop of a thread (throws when the child is gone)
     * @param describe  an address as reports show it (symbol and hex)
     */
    SyscallStops(Ptrace ptrace, int pid, TrackedPages tracked, long pageSize, MprotectInjector injector,
                 IntFunction<WaitStatus> waitStop, LongFunction<String> describe,
                 List<AccessEvent> events, List<String> warnings) {
        this.ptrace = ptrace;
        this.pid = pid;
        this.tracked = tracked;
        this.pageSize = pageSize;
        this.injector = injector;
        this.waitStop = waitStop;
        this.describe = describe;
        this.events = events;
        this.warnings = warnings;
    }

    /** Handles a syscall stop of {@code tid}; the caller resumes the thread with PTRACE_SYSCALL. */
    void onStop(int tid) {
        SyscallInfo info = ptrace.getSyscallInfo(tid);
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
        SyscallAccesses accesses = SyscallAccesses.resolve(entry.number(), entry.args(), tracked, pageSize,
                this::readChild);
        List<AccessRange> toOpen = accesses.pagesToOpen(tracked);
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
        Registers asMprotect = atEntry.copy();
        AccessRange first = runs.get(0);
        asMprotect.set(Registers.ORIG_RAX, SYS_MPROTECT);
        asMprotect.set(Registers.RDI, first.addr());
        asMprotect.set(Registers.RSI, first.size());
        asMprotect.set(Registers.RDX, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
        ptrace.setRegs(tid, asMprotect);
        ptrace.syscall(tid, 0);
        WaitStatus status = waitStop.apply(tid);
        if (status.stopSignal() != Ptrace.SYSCALL_STOP) {
            throw new TracerException("expected the exit of mprotect in place of " + SyscallTable.name(entry.number())
                    + " but the thread stopped with " + status);
        }
        Registers atExit = ptrace.getRegs(tid);
        if (atExit.get(Registers.RAX) != 0) {
            throw new TracerException("mprotect(" + first + ", PROT_READ|PROT_WRITE) in place of "
                    + SyscallTable.name(entry.number()) + " failed with " + atExit.get(Registers.RAX));
        }
        for (AccessRange run : runs.subList(1, runs.size())) {
            injector.inject(tid, atExit, run, Syscalls.PROT_READ | Syscalls.PROT_WRITE);
        }
        Registers rewound = atEntry.copy();
        rewound.setRip(atEntry.rip() - SYSCALL_INSN_LENGTH);
        rewound.set(Registers.RAX, entry.number());
        rewound.set(Registers.ORIG_RAX, -1); // not inside a syscall any more: no restart logic may apply
        ptrace.setRegs(tid, rewound);
    }

    private void onExit(int tid, SyscallInfo exit) {
        State state = states.remove(tid);
        if (!(state instanceof InFlight inFlight)) {
            return; // a syscall that touched no tracked memory, or one that began before the thread was traced
        }
        long result = exit.result();
        if (result < RESTART_FIRST || result > RESTART_LAST) {
            long ip = exit.instructionPointer() - SYSCALL_INSN_LENGTH;
            events.addAll(inFlight.accesses().events(result, ip, tracked));
            warnings.addAll(inFlight.accesses().warnings(describe.apply(ip)));
        }
        Registers atExit = ptrace.getRegs(tid);
        for (AccessRange run : inFlight.opened()) {
            injector.inject(tid, atExit, run, Syscalls.PROT_NONE);
        }
    }

    /** Reads through /proc/pid/mem, which (unlike process_vm_readv) also reads PROT_NONE pages. */
    private byte[] readChild(long address, int length) {
        try (FileChannel mem = FileChannel.open(Path.of("/proc", Integer.toString(pid), "mem"), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            try {
                while (buffer.hasRemaining() && mem.read(buffer, address + buffer.position()) > 0) {
                    // a read stops at the end of a mapping: go on with the next one
                }
            } catch (IOException e) {
                // EIO: unmapped memory, where the kernel fails the syscall with EFAULT
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the memory of child " + pid, e);
        }
    }
}
