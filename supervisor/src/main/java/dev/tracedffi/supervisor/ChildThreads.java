package dev.tracedffi.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which threads of a child the supervisor may seize. */
final class ChildThreads {

    private ChildThreads() {
    }

    /**
     * Why {@code tid} must not be seized, or empty when it is a thread of child {@code pid} other than its
     * leader. The leader is never traced: waiting for it would take the child's exit status from the
     * JDK's process reaper, which waits on the pid.
     */
    static Optional<String> problemWith(int pid, long tid) {
        if (tid == pid) {
            return Optional.of("thread " + tid + " is the child's main thread (its pid), which is never traced");
        }
        if (tid <= 0 || !Files.isDirectory(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid)))) {
            return Optional.of("thread " + tid + " is not a thread of child process " + pid);
        }
        return Optional.empty();
    }
}
