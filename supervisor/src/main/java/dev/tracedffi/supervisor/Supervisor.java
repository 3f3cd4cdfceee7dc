package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.symbols.Symbolizer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a child JVM under tracing: launches it, traces its native calls, contains its crashes, exits
 * and hangs, and reports how it ended. Each child has its own tracer thread and socket, so several
 * children can be supervised at once; {@link #prepare} starts one ahead of its work.
 */
public final class Supervisor {

    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final long TIMEOUT_GRACE_MILLIS = 5_000;
    /** How long the tracer may take to reap a killed child before the supervisor gives up on it. */
    static final long REAP_LIMIT_MILLIS = 30_000;
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
        return awaitEnd(session, start(session), spec.timeout());
    }

    /**
     * Launches a child that connects, handshakes, runs {@code template}'s main as its warm-up and then
     * waits for {@link WarmChild#run}. Returns at once: the child starts in the background. The
     * template's timeout and output sinks are unused; {@link WarmChild#run} gives them.
     */
    public static WarmChild prepare(ChildSpec template) {
        HeldLines stdout = new HeldLines();
        HeldLines stderr = new HeldLines();
        Session session = Session.prepared(template.withOutput(stdout, stderr), SYMBOLIZER);
        return new WarmChild(session, start(session), stdout, stderr);
    }

    private static Thread start(Session session) {
        // a platform thread: ptrace requests must all come from the thread that attached
        Thread tracer = new Thread(session, "tracedffi-tracer-" + SESSIONS.incrementAndGet());
        tracer.setDaemon(true);
        tracer.start();
        return tracer;
    }

    /** Waits for the session's child to end, kills it once {@code timeout} has passed, and returns how it ended. */
    static ChildExit awaitEnd(Session session, Thread tracer, Duration timeout) throws InterruptedException {
        tracer.join(timeout.toMillis());
        if (tracer.isAlive()) {
            session.timeout(TIMEOUT_GRACE_MILLIS, tracer);
            tracer.join(REAP_LIMIT_MILLIS);
            if (tracer.isAlive()) {
                throw new TracerException("the child was killed after its " + timeout.toMillis()
                        + " ms timeout, but its tracer has not finished " + REAP_LIMIT_MILLIS + " ms later");
            }
        }
        return session.exit();
    }
}
