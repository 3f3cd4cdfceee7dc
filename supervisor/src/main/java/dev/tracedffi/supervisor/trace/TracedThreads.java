package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Errno;
import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

/**
 * The threads of the child traced during one call, and every ptrace request that starts, stops,
 * resumes or ends them. Runs on the tracer thread: the kernel accepts requests for a tracee only from
 * the thread that attached to it.
 *
 * <p>Every tid that was ever seized stays in {@link #tids} until it is reaped or detached, so that
 * {@link #reapAll()} can always finish the job: a traced thread that exits stays a zombie until its
 * tracer waits for it, and the JDK's {@code Process.waitFor()} on the leader blocks until then.
 */
final class TracedThreads {

    static final int OPTIONS = Ptrace.O_TRACECLONE | Ptrace.O_TRACEEXIT | Ptrace.O_TRACESYSGOOD;
    /** A trampoline is a relocated instruction, two lea and a jump: a thread is out after a few steps. */
    private static final int MAX_TRAMPOLINE_STEPS = 16;

    private final Ptrace ptrace;
    private final int pid;
    private final Set<Integer> tids = new LinkedHashSet<>();
    /** Signals that arrived while the tracer was stepping a thread or running an injected syscall in it. */
    private final Map<Integer, Deque<Integer>> deferred = new HashMap<>();
    /** The child leads its process group (ChildMain makes it), so its threads' stops can be awaited at once. */
    private final boolean ownGroup;
    /** Stops a thread reported while it was being frozen: the loop handles them before waiting again. */
    private final Deque<Stop> stashed = new ArrayDeque<>();

    private final UnseizedThreads unseized;

    TracedThreads(Ptrace ptrace, int pid, UnseizedThreads unseized) {
        this.ptrace = ptrace;
        this.pid = pid;
        this.unseized = unseized;
        this.ownGroup = ChildTasks.leadsItsGroup(pid);
    }

    Ptrace ptrace() {
        return ptrace;
    }

    /**
     * Seizes the calling thread, then every other thread of the child but its leader and the
     * {@link UnseizedThreads}: PROT_NONE is process-wide, so any thread may touch the closed arena during
     * the call (a worker of a library's pool), and an untraced one would take the JVM down. Threads that
     * end meanwhile are skipped; the calling thread must be seized or the call cannot be traced.
     */
    void seizeAll(int callingTid) {
        ptrace.seize(callingTid, OPTIONS);
        tids.add(callingTid);
        for (int tid : ChildTasks.of(pid)) {
            if (tid != pid && tid != callingTid && !unseized.contains(tid)) {
                try {
                    ptrace.seize(tid, OPTIONS);
                    tids.add(tid);
                } catch (LinuxException e) {
                    // the thread ended between the listing and the seize
                }
            }
        }
        // a tid seen in /proc may have been reused by another process before the seize; once seized it
        // cannot be: check them all after seizing them all
        Set<Integer> threadsNow = ChildTasks.of(pid);
        for (int tid : List.copyOf(tids)) {
            if (!threadsNow.contains(tid)) {
                letGo(tid);
                forget(tid);
                if (tid == callingTid) {
                    throw new LinuxException("ptrace(SEIZE, " + tid + ")", Errno.ESRCH, "thread " + tid
                            + " is no longer a thread of child process " + pid);
                }
            }
        }
        // the interrupts make each thread stop at once, so it runs under PTRACE_SYSCALL (which only a resume
        // can ask for) from its first syscall on, and a syscall it was blocked in is restarted where we see it
        for (int tid : List.copyOf(tids)) {
            try {
                ptrace.interrupt(tid);
            } catch (LinuxException e) {
                if (tid == callingTid) {
                    throw e;
                }
            }
        }
    }

    /** Stops and detaches a seized thread that turned out not to be the child's. */
    private void letGo(int tid) {
        try {
            ptrace.interrupt(tid);
            ptrace.waitFor(tid, 0);
            ptrace.detach(tid, 0);
        } catch (LinuxException e) {
            // gone already
        }
    }

    /** A thread the kernel attached for us (a clone of a traced thread): it starts with a stop of its own. */
    void adopt(int tid) {
        tids.add(tid);
    }

    boolean isEmpty() {
        return tids.isEmpty();
    }

    /**
     * The next stop of any traced thread. Never {@code waitpid(-1)}: that would reap the JDK's child
     * before its own reaper thread sees it, so with several threads each tid is polled.
     */
    Stop next() {
        if (!stashed.isEmpty()) {
            return stashed.poll();
        }
        if (tids.size() == 1) {
            return stopOf(ptrace.waitFor(tids.iterator().next(), 0));
        }
        if (ownGroup) {
            // the child leads its own process group: wait for any of its threads without reaping anything
            while (true) {
                int tid = ptrace.awaitStatusInGroup(pid);
                if (!tids.contains(tid)) {
                    // the leader's status is the JDK's, the exit sentinel's the session's: poll our tids instead
                    break;
                }
                WaitStatus status = ptrace.waitFor(tid, Ptrace.WNOHANG);
                if (status != null) {
                    return stopOf(status);
                }
            }
        }
        long pause = 10_000;
        while (true) {
            for (int tid : tids) {
                WaitStatus status = ptrace.waitFor(tid, Ptrace.WNOHANG);
                if (status != null) {
                    return stopOf(status);
                }
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 1_000_000);
        }
    }

    private Stop stopOf(WaitStatus status) {
        Stop stop = Stop.of(status, ptrace);
        if (stop instanceof Stop.Gone) {
            forget(status.tid());
        }
        return stop;
    }

    /**
     * The next signal or syscall stop of {@code tid}, which the tracer is stepping or running an injected
     * syscall in. Passes over the exit event of a process being killed meanwhile; throws
     * {@link ChildGoneException} when the thread is gone.
     */
    WaitStatus awaitStep(int tid) {
        while (true) {
            WaitStatus status = ptrace.waitFor(tid, 0);
            if (status.gone()) {
                forget(tid);
                throw new ChildGoneException();
            }
            if (status.event() == Ptrace.EVENT_EXIT) {
                ptrace.cont(tid, 0);
                continue;
            }
            return status;
        }
    }

    /**
     * Stops every traced thread but {@code tid} that is running, so that pages opened for {@code tid}
     * (process-wide) are touched by nobody else meanwhile. A thread that reports another stop instead of
     * the interrupt's keeps it: {@link #next()} hands it to the loop later. Returns the threads to
     * {@link #thaw}.
     */
    List<Integer> freezeOthers(int tid) {
        List<Integer> frozen = new ArrayList<>();
        if (tids.size() < 2) {
            return frozen;
        }
        Set<Integer> alreadyStopped = new HashSet<>();
        for (Stop stop : stashed) {
            alreadyStopped.add(stop.tid());
        }
        for (int other : List.copyOf(tids)) {
            if (other == tid || alreadyStopped.contains(other)) {
                continue;
            }
            try {
                ptrace.interrupt(other);
            } catch (LinuxException e) {
                continue; // gone: its exit is waited for later
            }
            Stop stop = stopOf(ptrace.waitFor(other, 0));
            if (stop instanceof Stop.Interrupted interrupted && !interrupted.groupStop()) {
                frozen.add(other);
            } else {
                stashed.add(stop);
            }
        }
        return frozen;
    }

    /** Resumes the threads {@link #freezeOthers} stopped. */
    void thaw(List<Integer> frozen) {
        for (int tid : frozen) {
            resume(tid, 0);
        }
    }

    /** Holds back {@code signal}, which arrived while the tracer worked on {@code tid}, until it resumes. */
    void defer(int tid, int signal) {
        deferred.computeIfAbsent(tid, t -> new ArrayDeque<>()).add(signal);
    }

    /**
     * Resumes the thread up to its next stop, syscall entries and exits included, with the signal it
     * was stopped for (0 for none). Signals deferred meanwhile go first: one with the resume, the others
     * queued again with tgkill (ptrace can inject one signal per resume).
     */
    void resume(int tid, int signal) {
        Deque<Integer> held = deferred.remove(tid);
        int deliver = signal;
        try {
            if (held != null) {
                if (signal != 0) {
                    held.add(signal);
                }
                deliver = held.poll();
                for (int again : held) {
                    Syscalls.get().tgkill(pid, tid, again);
                }
            }
            ptrace.syscall(tid, deliver);
        } catch (LinuxException e) {
            // the thread vanished between its stop and our request (SIGKILL): its exit is reaped later
        }
    }

    /**
     * Detaches every traced thread; {@code stoppedTid} is stopped already (at the end marker, which is
     * discarded). The others run and must be stopped first; whatever stop comes first is used. A thread
     * stopped in the scratch area (half way through a trampoline) is stepped out of it first, so that no
     * thread is in a trampoline between calls. A clone reported now is followed, or its new thread would
     * stay our tracee forever.
     */
    void detachAll(int stoppedTid, LongPredicate inScratchArea) {
        Deque<Integer> toDetach = new ArrayDeque<>(tids);
        toDetach.remove(stoppedTid);
        // interrupt them all first: they stop in parallel while we wait for each in turn
        for (int tid : toDetach) {
            try {
                ptrace.interrupt(tid);
            } catch (LinuxException e) {
                // gone: its end is waited for below
            }
        }
        while (!toDetach.isEmpty()) {
            int tid = toDetach.poll();
            try {
                int signal = awaitDetachableStop(tid, toDetach);
                leaveScratchArea(tid, inScratchArea);
                ptrace.detach(tid, signal != 0 ? signal : takeDeferred(tid));
            } catch (ChildGoneException e) {
                // the thread ended on its own and was reaped: nothing to detach
            } catch (LinuxException e) {
                reap(tid); // killed between its stop and the detach: still ours to wait for
            }
            forget(tid);
        }
        if (tids.contains(stoppedTid)) {
            try {
                leaveScratchArea(stoppedTid, inScratchArea);
                ptrace.detach(stoppedTid, takeDeferred(stoppedTid));
            } catch (ChildGoneException e) {
                // killed meanwhile, and reaped
            } catch (LinuxException e) {
                reap(stoppedTid);
            }
            forget(stoppedTid);
        }
    }

    /**
     * Waits for the next stop of a thread being detached; returns the signal it must be detached with.
     * A fault on the arena is dropped: the pages are open again, the instruction simply runs once more.
     */
    private int awaitDetachableStop(int tid, Deque<Integer> toDetach) {
        WaitStatus status = awaitStep(tid);
        Stop stop = Stop.of(status, ptrace);
        if (stop instanceof Stop.Cloned cloned) {
            tids.add(cloned.child());
            toDetach.add(cloned.child());
            return 0;
        }
        if (stop instanceof Stop.Signal signalled) {
            int signal = signalled.signal();
            boolean ownFault = (signal == Signals.SIGSEGV || signal == Signals.SIGBUS)
                    && ptrace.getSigInfo(tid).code() > 0;
            return ownFault ? 0 : signal;
        }
        return 0;
    }

    /** Single-steps {@code tid} until it is out of the scratch area (at most a trampoline's few instructions). */
    private void leaveScratchArea(int tid, LongPredicate inScratchArea) {
        for (int steps = 0; steps < MAX_TRAMPOLINE_STEPS && inScratchArea.test(ptrace.getRegs(tid).rip()); steps++) {
            ptrace.singleStep(tid, 0);
            WaitStatus status = awaitStep(tid);
            if (status.event() == 0 && status.stopSignal() != Signals.SIGTRAP) {
                defer(tid, status.stopSignal());
            }
        }
    }

    private int takeDeferred(int tid) {
        Deque<Integer> held = deferred.remove(tid);
        return held == null || held.isEmpty() ? 0 : held.poll();
    }

    /** SIGKILLs the child and reaps every traced thread (each passes an exit event stop first). */
    void killAndReap() {
        Syscalls.get().kill(pid, Signals.SIGKILL);
        reapAll();
    }

    /**
     * Waits for every traced thread to be gone, letting each run to its end; then for any thread of
     * the child still listed that is our tracee without our knowing (a clone whose event was lost to the
     * kill), which would otherwise stay a zombie and block the reaping of the child.
     */
    void reapAll() {
        for (int tid : List.copyOf(tids)) {
            reap(tid);
            forget(tid);
        }
        for (int tid : ChildTasks.of(pid)) {
            if (tid != pid && !unseized.contains(tid)) {
                reap(tid);
            }
        }
    }

    private void reap(int tid) {
        try {
            while (true) {
                WaitStatus status = ptrace.waitFor(tid, 0);
                if (status.gone()) {
                    return;
                }
                ptrace.cont(tid, 0);
            }
        } catch (LinuxException e) {
            // ECHILD: already reaped, or not our tracee
        }
    }

    private void forget(int tid) {
        tids.remove(tid);
        deferred.remove(tid);
    }
}
