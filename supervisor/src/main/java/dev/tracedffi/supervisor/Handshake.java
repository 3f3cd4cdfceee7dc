package dev.tracedffi.supervisor;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.Hello;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.util.Optional;

/**
 * The child's first message, checked before anything is done on its behalf (the seed's {@code init_sv}):
 * a hello of this protocol version, from the process that was launched, naming one of its threads;
 * and, when tracing, proof that the supervisor can trace that thread (seize, interrupt, detach).
 */
final class Handshake {

    private Handshake() {
    }

    /**
     * Why the child must be refused, or empty when the supervisor can serve it.
     *
     * @param first the child's first message; null when it closed the connection before saying hello
     */
    static Optional<String> problemWith(Message first, int pid, boolean traced, Ptrace ptrace) {
        if (first == null) {
            return Optional.of("the child closed the connection before saying hello");
        }
        if (!(first instanceof Hello hello)) {
            return Optional.of("expected a hello, got " + first.getClass().getSimpleName());
        }
        Optional<Refusal> versionProblem = Protocol.checkVersion(hello);
        if (versionProblem.isPresent()) {
            return Optional.of(versionProblem.get().reason());
        }
        if (hello.pid() != pid) {
            return Optional.of("hello from pid " + hello.pid() + ", but the child launched is " + pid);
        }
        Optional<String> thread = ChildThreads.problemWith(pid, hello.tid());
        if (thread.isPresent() || !traced) {
            return thread;
        }
        return proveTracing(ptrace, pid, (int) hello.tid());
    }

    private static Optional<String> proveTracing(Ptrace ptrace, int pid, int tid) {
        try {
            ptrace.seize(tid, 0);
        } catch (LinuxException e) {
            return Optional.of("cannot trace the child: " + e.getMessage());
        }
        // seized: from here on the thread must be waited for and detached on every path
        try {
            ptrace.interrupt(tid);
            WaitStatus stop = ptrace.waitFor(tid, 0);
            if (stop.gone()) {
                return Optional.of("the child's thread " + tid + " ended during the tracing check");
            }
            ptrace.detach(tid, 0);
            return Optional.empty();
        } catch (LinuxException e) {
            killAndReap(ptrace, pid, tid);
            return Optional.of("cannot trace the child: " + e.getMessage());
        }
    }

    /**
     * A seized thread that could not be detached stays our tracee: kill the child and wait until the
     * thread is gone, or it would stay a zombie that blocks the JDK's reaping of the child forever.
     */
    private static void killAndReap(Ptrace ptrace, int pid, int tid) {
        Syscalls.get().kill(pid, Signals.SIGKILL);
        try {
            while (!ptrace.waitFor(tid, 0).gone()) {
                ptrace.cont(tid, 0);
            }
        } catch (LinuxException e) {
            // ECHILD: already reaped
        }
    }
}
