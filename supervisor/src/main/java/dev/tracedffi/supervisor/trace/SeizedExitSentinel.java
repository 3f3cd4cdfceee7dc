package dev.tracedffi.supervisor.trace;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The child's exit sentinel ({@link ChildContract#EXIT_SENTINEL_THREAD}), seized by the tracer thread
 * from the handshake to the child's end. The JDK reports "killed by signal n" as exit code 128 + n, so
 * {@code System.exit(134)} and SIGABRT look alike; the sentinel's wait status tells them apart: a
 * traced non-leader thread stays a zombie until its tracer waits for it (and the child with it), and
 * when a process ends, each of its threads ends with the process's own status.
 *
 * <p>It is never part of a call's traced threads: it runs nothing, and waiting for it would block
 * until the child ends.
 */
public final class SeizedExitSentinel {

    private final Ptrace ptrace;
    private final int tid;
    private boolean reaped;

    private SeizedExitSentinel(Ptrace ptrace, int tid) {
        this.ptrace = ptrace;
        this.tid = tid;
    }

    /** Seizes the sentinel of child {@code pid}; empty when it has none (an untraced or older child). */
    public static Optional<SeizedExitSentinel> seize(Ptrace ptrace, int pid) {
        for (int tid : ChildTasks.of(pid)) {
            if (tid != pid && ChildContract.EXIT_SENTINEL_THREAD.equals(name(pid, tid))) {
                try {
                    ptrace.seize(tid, 0);
                } catch (LinuxException e) {
                    return Optional.empty();
                }
                if (ChildTasks.of(pid).contains(tid)) {
                    return Optional.of(new SeizedExitSentinel(ptrace, tid));
                }
                // the tid was recycled between the listing and the seize: not ours to keep
                waitUntilGone(ptrace, tid);
                return Optional.empty();
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
     * lives on), which {@link #signalOf} detects. A group stop (SIGSTOP to the child) is resumed: the
     * sentinel only waits. Empty once reaped, or when the child killed it in a way that lost it.
     */
    public Optional<WaitStatus> awaitEnd() {
        if (reaped) {
            return Optional.empty();
        }
        reaped = true;
        return Optional.ofNullable(waitUntilGone(ptrace, tid));
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

    /** Waits, resuming every stop, until {@code tid} is gone; null if it was not (or no longer) our tracee. */
    private static WaitStatus waitUntilGone(Ptrace ptrace, int tid) {
        try {
            while (true) {
                WaitStatus status = ptrace.waitFor(tid, 0);
                if (status.gone()) {
                    return status;
                }
                ptrace.cont(tid, 0);
            }
        } catch (LinuxException e) {
            return null;
        }
    }

    private static String name(int pid, int tid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), "comm"))
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }
}
