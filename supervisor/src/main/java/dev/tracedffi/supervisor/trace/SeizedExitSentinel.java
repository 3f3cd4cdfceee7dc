package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The child's exit sentinel ({@link ChildContract#EXIT_SENTINEL_THREAD}), seized at the handshake and
 * traced for the child's whole life. The JDK reports "killed by signal n" as exit code 128 + n, so
 * {@code System.exit(134)} and SIGABRT look alike; the sentinel's wait status tells them apart: a
 * traced non-leader thread stays a zombie until it is waited for (and the child with it, so the JDK
 * always sees the end after us), and when a process ends, each of its threads ends with the process's
 * own status.
 *
 * <p>A watcher thread waits for it from the seize on (any thread of the tracer's process may wait for a
 * tracee; only ptrace requests must come from the tracer thread): an execve in the child cannot
 * complete until every other thread is reaped, so the sentinel must be reaped the moment it ends, not
 * when the session gets to it. It is never part of a call's traced threads: it runs nothing.
 */
public final class SeizedExitSentinel {

    private final int tid;
    private final CompletableFuture<Optional<WaitStatus>> end = new CompletableFuture<>();

    private SeizedExitSentinel(int tid) {
        this.tid = tid;
    }

    /** Seizes the sentinel of child {@code pid}; empty when it has none (an untraced or older child). */
    public static Optional<SeizedExitSentinel> seize(Ptrace ptrace, int pid) {
        for (int tid : ChildTasks.of(pid)) {
            if (tid != pid && ChildContract.EXIT_SENTINEL_THREAD.equals(ChildTasks.name(pid, tid))) {
                try {
                    ptrace.seize(tid, 0);
                } catch (LinuxException e) {
                    return Optional.empty();
                }
                if (!ChildTasks.of(pid).contains(tid)) {
                    // the tid was recycled between the listing and the seize: not ours to keep
                    letGo(ptrace, tid);
                    return Optional.empty();
                }
                SeizedExitSentinel sentinel = new SeizedExitSentinel(tid);
                sentinel.watch();
                return Optional.of(sentinel);
            }
        }
        return Optional.empty();
    }

    public int tid() {
        return tid;
    }

    /**
     * Blocks until the sentinel has ended and returns its status: the child's, unless the sentinel ended
     * alone (an {@code execve} in another thread ends every other thread with SIGKILL while the process
     * lives on), which {@link #signalOf} detects. Empty if it stopped being our tracee otherwise.
     */
    public Optional<WaitStatus> awaitEnd() {
        return end.join();
    }

    /**
     * The signal that killed the child, given the JDK's exit code (128 + n for signal n, or an exit
     * code above 128) and the sentinel's status: the sentinel decides when it agrees with the JDK's
     * number; otherwise (no sentinel, or one that ended before the child) the JDK's number is read the
     * JDK's way.
     */
    public static OptionalInt signalOf(int jdkExitCode, Optional<WaitStatus> sentinel) {
        if (sentinel.isPresent()) {
            WaitStatus status = sentinel.get();
            if (status.exited() && status.exitCode() == jdkExitCode) {
                return OptionalInt.empty();
            }
            if (status.killedBySignal() && 128 + status.termSignal() == jdkExitCode) {
                return OptionalInt.of(status.termSignal());
            }
        }
        return jdkExitCode > 128 && jdkExitCode < 128 + 65 ? OptionalInt.of(jdkExitCode - 128) : OptionalInt.empty();
    }

    private void watch() {
        Thread watcher = new Thread(() -> end.complete(Optional.ofNullable(waitUntilGone(new Ptrace(), tid))),
                "tracedffi-exit-watch-" + tid);
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Waits until {@code tid} is gone; null if it stopped being our tracee first (the tracer thread
     * ended). A group stop leaves it stopped: it only waits anyway, and SIGKILL ends it all the same.
     */
    private static WaitStatus waitUntilGone(Ptrace ptrace, int tid) {
        try {
            while (true) {
                WaitStatus status = ptrace.waitFor(tid, 0);
                if (status.gone()) {
                    return status;
                }
            }
        } catch (LinuxException e) {
            return null;
        }
    }

    private static void letGo(Ptrace ptrace, int tid) {
        try {
            ptrace.interrupt(tid);
            ptrace.waitFor(tid, 0);
            ptrace.detach(tid, 0);
        } catch (LinuxException e) {
            // gone already
        }
    }
}
