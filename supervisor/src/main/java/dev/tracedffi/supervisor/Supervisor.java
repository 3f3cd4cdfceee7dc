package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.symbols.Symbolizer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a child JVM under tracing: launches it, traces its native calls, contains its crashes, exits
 * and hangs, and reports how it ended. Each {@link #run} has its own tracer thread and socket, so
 * several children can be supervised at once.
 */
public final class Supervisor {

    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final long TIMEOUT_GRACE_MILLIS = 5_000;
    /** How long the tracer may take to reap a killed child before the supervisor gives up on it. */
    private static final long REAP_LIMIT_MILLIS = 30_000;
    private static final Symbolizer SYMBOLIZER = new Symbolizer();

    private Supervisor() {
    }

    /** Whether tracing works on this machine, and if not, why. Probed once per JVM. */
    public static TracingSupport tracingSupport() {
        return TracingProbe.result();
    }

    /** Launches the child described by {@code spec} and blocks until it has ended and been reaped. */
    public static ChildExit run(ChildSpec spec) throws InterruptedException {
        Session session = new Session(spec, SYMBOLIZER);
        // a platform thread: ptrace requests must all come from the thread that attached
        Thread tracer = new Thread(session, "tracedffi-tracer-" + SESSIONS.incrementAndGet());
        tracer.setDaemon(true);
        tracer.start();
        tracer.join(spec.timeout().toMillis());
        if (tracer.isAlive()) {
            session.timeout(TIMEOUT_GRACE_MILLIS, tracer);
            tracer.join(REAP_LIMIT_MILLIS);
            if (tracer.isAlive()) {
                throw new TracerException("the child was killed after its " + spec.timeout().toMillis()
                        + " ms timeout, but its tracer has not finished " + REAP_LIMIT_MILLIS + " ms later");
            }
        }
        return session.exit();
    }
}
