package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.RunMain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A child JVM launched, connected, handshaked and warmed up ahead of its work (see
 * {@link Supervisor#prepare}). It runs one main, then ends like any supervised child; a child never
 * given its work is killed by {@link #close()}.
 */
public final class WarmChild implements AutoCloseable {

    private final Session session;
    private final Thread tracer;
    private final HeldLines stdout;
    private final HeldLines stderr;
    private final AtomicBoolean used = new AtomicBoolean();

    WarmChild(Session session, Thread tracer, HeldLines stdout, HeldLines stderr) {
        this.session = session;
        this.tracer = tracer;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** False once the child has died while waiting for its work. */
    public boolean isAlive() {
        return session.childAlive();
    }

    /**
     * Runs {@code mainClass}'s {@code main(args)} in this child and blocks until the child has ended and
     * been reaped; {@code timeout} counts from now. Output the child printed while it waited goes to
     * {@code out} and {@code err} first.
     */
    public ChildExit run(String mainClass, List<String> args, Duration timeout, Consumer<String> out,
                         Consumer<String> err) throws InterruptedException {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a prepared child runs one main only");
        }
        stdout.deliverTo(out);
        stderr.deliverTo(err);
        session.assign(new RunMain(mainClass, args));
        return Supervisor.awaitEnd(session, tracer, timeout);
    }

    /** Kills the child unless it was given its work, and waits until it has been reaped. */
    @Override
    public void close() {
        if (!used.compareAndSet(false, true)) {
            return;
        }
        session.discard();
        try {
            tracer.join(Supervisor.REAP_LIMIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
