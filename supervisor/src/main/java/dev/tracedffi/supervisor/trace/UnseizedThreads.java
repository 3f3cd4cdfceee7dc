package dev.tracedffi.supervisor.trace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child's threads that a call does not seize:
 * <ul>
 *   <li>HotSpot's threads that never run code outside the JVM (the VM thread, garbage collector, JIT
 *       compiler, sweeper, periodic task and service threads): they never touch the arena, and not
 *       seizing them saves a seize, two stops and a detach per thread and call. Every Java thread is
 *       seized, the JDK's daemon threads included (a cleaner or finalizer runs user code). HotSpot names
 *       its threads (/proc/pid/task/tid/comm); a thread native code starts inherits its creator's name.</li>
 *   <li>the exit sentinel, which runs nothing and is the session's tracee from the handshake on
 *       ({@link SeizedExitSentinel}).</li>
 * </ul>
 * Lives as long as the child's session: a thread's name is read once.
 */
public final class UnseizedThreads {

    private static final List<String> PREFIXES = List.of("VM Thread", "VM Periodic Tas", "GC Thread#", "G1 ",
            "C1 CompilerThre", "C2 CompilerThre", "Sweeper thread", "Service Thread", "Monitor Deflati");

    private final int pid;
    private final Map<Integer, Boolean> known = new HashMap<>();

    private final int sentinelTid;

    /** @param sentinelTid the child's seized exit sentinel, 0 if it has none */
    public UnseizedThreads(int pid, int sentinelTid) {
        this.pid = pid;
        this.sentinelTid = sentinelTid;
    }

    boolean contains(int tid) {
        return tid == sentinelTid || known.computeIfAbsent(tid, this::named);
    }

    private boolean named(int tid) {
        // a thread gone meanwhile has no name: seizing it fails harmlessly
        String name = ChildTasks.name(pid, tid);
        return PREFIXES.stream().anyMatch(name::startsWith);
    }
}
