package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.RunMain;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A child JVM launched, connected, handshaked and warmed up ahead of its work (see
 * {@link Supervisor#prepare}). {@link #run} gives it a main after which it ends like any supervised
 * child; {@link #runAndKeep} gives it a main after which it waits for the next one, so that one child
 * serves several mains one after another. A child that is not running a main is killed by
 * {@link #close()}. One main at a time: callers of one child wait for each other.
 */
public final class WarmChild implements AutoCloseable {

    private static final SecureRandom MARKERS = new SecureRandom();

    private final Session session;
    private final Thread tracer;
    private final HeldLines stdout;
    private final HeldLines stderr;
    /** Set by {@link #run} and {@link #close}: no main comes after. Guarded by {@code this}. */
    private boolean last;
    private int mainsStarted;

    WarmChild(Session session, Thread tracer, HeldLines stdout, HeldLines stderr) {
        this.session = session;
        this.tracer = tracer;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** False once the child has ended (while it waited for work, or in a main). */
    public boolean isAlive() {
        return session.childAlive();
    }

    /** The child's process id, once it has been launched (as it has when a main was given to it). */
    public OptionalInt pid() {
        return session.childPid();
    }

    /** How many mains this child has been given. */
    public synchronized int mainsStarted() {
        return mainsStarted;
    }

    /**
     * Runs {@code mainClass}'s {@code main(args)} in this child and blocks until the child has ended and
     * been reaped; {@code timeout} counts from now. Output the child printed while it waited goes to
     * {@code out} and {@code err} first.
     */
    public synchronized ChildExit run(String mainClass, List<String> args, Duration timeout, Consumer<String> out,
                                      Consumer<String> err) throws InterruptedException {
        if (last) {
            throw new IllegalStateException("this child was given its last main or closed");
        }
        last = true;
        mainsStarted++;
        stdout.deliverTo(out);
        stderr.deliverTo(err);
        session.assign(new RunMain(mainClass, args));
        return Supervisor.awaitEnd(session, tracer, timeout);
    }

    /**
     * Runs {@code mainClass}'s {@code main(args)} in this child and blocks until it returned (the child
     * then waits for its next main) or the child ended; {@code timeout} counts from now and kills the child.
     * Only this main's output goes to {@code out} and {@code err} (and what the child printed while it
     * waited for it); a child ends a main's output when the main returns. The result is this main's: its
     * outcome, calls, exit code override and standard error; a main that returned has exit code 0 and
     * leaves {@link #isAlive()} true. Empty if the child, after earlier mains, had ended before it could
     * start this one; a child that ends before its first main gives its end as that main's.
     */
    public synchronized Optional<ChildExit> runAndKeep(String mainClass, List<String> args, Duration timeout,
                                                       Consumer<String> out, Consumer<String> err)
            throws InterruptedException {
        if (last) {
            throw new IllegalStateException("this child was given its last main or closed");
        }
        mainsStarted++;
        stdout.deliverTo(out);
        stderr.deliverTo(err);
        long marker = MARKERS.nextLong();
        Optional<ChildExit> exit = Supervisor.awaitMain(session, tracer,
                session.assign(new RunMain(mainClass, args, true, marker)), timeout);
        if (exit.isEmpty() && mainsStarted == 1) {
            // it ended before its first main, on its own (a bad JVM option): that is this main's end
            return Optional.of(session.exit());
        }
        return exit;
    }

    /** Kills the child unless it is running a main, and waits until it has been reaped. */
    @Override
    public void close() {
        synchronized (this) {
            if (last) {
                return;
            }
            last = true;
        }
        session.discard();
        try {
            tracer.join(Supervisor.REAP_LIMIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
