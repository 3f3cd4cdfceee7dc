package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.symbols.Symbolizer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        Session session = Session.prepared(template, stdout, stderr, SYMBOLIZER);
        return new WarmChild(session, start(session), stdout, stderr);
    }

    private static Thread start(Session session) {
        // a platform thread: ptrace requests must all come from the thread that attached
        Thread tracer = new Thread(session, "tracedffi-tracer-" + SESSIONS.incrementAndGet());
        tracer.setDaemon(true);
        tracer.start();
        return tracer;
    }

    /**
     * Waits for the session's child to end, kills it once {@code timeout} has passed, and returns how it
     * ended. Interrupted (JUnit's {@code @Timeout}), it kills and reaps the child before rethrowing: no one
     * would wait for it otherwise.
     */
    static ChildExit awaitEnd(Session session, Thread tracer, Duration timeout) throws InterruptedException {
        try {
            tracer.join(timeout.toMillis());
        } catch (InterruptedException interrupted) {
            if (!killAndReap(session, tracer)) {
                interrupted.addSuppressed(notReaped("it was interrupted"));
            }
            throw interrupted;
        }
        if (tracer.isAlive() && !killAndReap(session, tracer)) {
            throw notReaped("its " + timeout.toMillis() + " ms timeout");
        }
        return session.exit();
    }

    /**
     * Waits for the end of one main of a prepared child, {@code end} (completed when the main returned or the
     * child ended), and kills the child once {@code timeout} has passed: then the result is how the child
     * ended. Interrupted, it kills and reaps the child before rethrowing, as {@link #awaitEnd} does.
     */
    static Optional<ChildExit> awaitMain(Session session, Thread tracer, CompletableFuture<Optional<ChildExit>> end,
                                         Duration timeout) throws InterruptedException {
        try {
            return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            if (!killAndReap(session, tracer)) {
                interrupted.addSuppressed(notReaped("it was interrupted"));
            }
            throw interrupted;
        } catch (TimeoutException e) {
            if (!killAndReap(session, tracer)) {
                throw notReaped("its " + timeout.toMillis() + " ms timeout");
            }
            return Optional.of(session.exit());
        } catch (ExecutionException e) {
            throw new TracerException("the supervisor failed while the child ran its main: " + e.getCause());
        }
    }

    /**
     * Kills the child (the tracer records where a traced call was) and waits, bounded, until the tracer has
     * reaped it; true if it has. An interrupt meanwhile does not cut this short: it is restored afterwards.
     */
    private static boolean killAndReap(Session session, Thread tracer) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_GRACE_MILLIS + REAP_LIMIT_MILLIS);
        boolean killed = false;
        boolean interrupted = false;
        for (long left; tracer.isAlive() && (left = deadline - System.nanoTime()) > 0; ) {
            try {
                if (!killed) {
                    session.timeout(TIMEOUT_GRACE_MILLIS, tracer);
                    killed = true;
                } else {
                    tracer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                interrupted = true; // an interrupted kill is tried again: it may not have sent SIGKILL yet
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !tracer.isAlive();
    }

    private static TracerException notReaped(String why) {
        return new TracerException("the child was killed after " + why + ", but its tracer has not finished "
                + REAP_LIMIT_MILLIS + " ms later");
    }
}
