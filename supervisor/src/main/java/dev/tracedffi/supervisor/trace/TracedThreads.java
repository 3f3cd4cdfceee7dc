package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

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

    private final Ptrace ptrace;
    private final int pid;
    private final Set<Integer> tids = new LinkedHashSet<>();
    /** Signals that arrived while the tracer was stepping a thread or running an injected syscall in it. */
    private final Map<Integer, Deque<Integer>> deferred = new HashMap<>();

    TracedThreads(Ptrace ptrace, int pid) {
        this.ptrace = ptrace;
        this.pid = pid;
    }

    Ptrace ptrace() {
        return ptrace;
    }

    /**
     * Seizes {@code tid} and interrupts it: the interrupt makes the thread stop at once, so it runs under
     * PTRACE_SYSCALL (which only a resume can ask for) from its first syscall on.
     */
    void seize(int tid) {
        ptrace.seize(tid, OPTIONS);
        tids.add(tid);
        ptrace.interrupt(tid);
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
        if (tids.size() == 1) {
            return stopOf(ptrace.waitFor(tids.iterator().next(), 0));
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

    /** Detaches every thread but {@code stoppedTid}, which is already stopped, then that one. */
    void detachAll(int stoppedTid) {
        for (int tid : List.copyOf(tids)) {
            if (tid != stoppedTid) {
                detachRunning(tid);
            }
        }
        if (tids.contains(stoppedTid)) {
            ptrace.detach(stoppedTid, takeDeferred(stoppedTid));
            forget(stoppedTid);
        }
    }

    /** A running tracee must be stopped before it can be detached; the signal it stopped for goes with it. */
    private void detachRunning(int tid) {
        try {
            ptrace.interrupt(tid);
            WaitStatus status = awaitStep(tid);
            boolean signalStop = status.event() == 0 && status.stopSignal() != Ptrace.SYSCALL_STOP;
            int pending = takeDeferred(tid);
            ptrace.detach(tid, signalStop ? status.stopSignal() : pending);
        } catch (ChildGoneException | LinuxException e) {
            // the thread ended on its own: nothing to detach
        }
        forget(tid);
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

    /** Waits for every traced thread to be gone, letting each run to its end. */
    void reapAll() {
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
            forget(tid);
        }
    }

    private void forget(int tid) {
        tids.remove(tid);
        deferred.remove(tid);
    }
}
