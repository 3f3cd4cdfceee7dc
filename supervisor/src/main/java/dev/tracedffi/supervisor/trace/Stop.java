package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.Signals;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

/** Why a traced thread stopped (or that it is gone), as the call tracer's loop consumes it. */
sealed interface Stop {

    int tid();

    /** The thread no longer exists: it exited or was killed, and has been reaped. */
    record Gone(int tid) implements Stop {
    }

    /** PTRACE_EVENT_EXIT: the thread is about to exit (exit, exit_group, or a fatal signal). */
    record Exiting(int tid) implements Stop {
    }

    /** PTRACE_EVENT_CLONE: the thread created {@code child}, which is traced from its first instruction. */
    record Cloned(int tid, int child) implements Stop {
    }

    /** PTRACE_EVENT_STOP: stopped by PTRACE_INTERRUPT, or a group-stop ({@code signal} is then SIGSTOP, SIGTSTP...). */
    record Interrupted(int tid, int signal) implements Stop {
        boolean groupStop() {
            return signal != Signals.SIGTRAP;
        }
    }

    /** A syscall-entry or -exit stop (PTRACE_O_TRACESYSGOOD). */
    record Syscall(int tid) implements Stop {
    }

    /** A signal is about to be delivered to the thread. */
    record Signal(int tid, int signal) implements Stop {
    }

    static Stop of(WaitStatus status, Ptrace ptrace) {
        int tid = status.tid();
        if (status.gone()) {
            return new Gone(tid);
        }
        return switch (status.event()) {
            case Ptrace.EVENT_EXIT -> new Exiting(tid);
            case Ptrace.EVENT_CLONE -> new Cloned(tid, (int) ptrace.getEventMsg(tid));
            case Ptrace.EVENT_STOP -> new Interrupted(tid, status.stopSignal());
            case 0 -> status.stopSignal() == Ptrace.SYSCALL_STOP ? new Syscall(tid) : new Signal(tid, status.stopSignal());
            default -> new Interrupted(tid, status.stopSignal());
        };
    }
}
