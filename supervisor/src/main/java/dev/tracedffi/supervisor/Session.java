package dev.tracedffi.supervisor;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.Confirmation;
import dev.tracedffi.protocol.MainEnded;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.protocol.TestOutcome;
import dev.tracedffi.protocol.TraceRequest;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import dev.tracedffi.supervisor.ptrace.WaitStatus;
import dev.tracedffi.supervisor.trace.JvmCodeHeap;
import dev.tracedffi.supervisor.trace.SeizedExitSentinel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child JVM from launch to reaping. {@link #run()} executes on the tracer thread, which launches
 * the child (so the child's parent-death signal is tied to a thread that outlives it), accepts its
 * connection in a private directory, checks its hello ({@link Handshake}), answers its requests,
 * traces its calls ({@link TracedCalls}), and waits for it to end. A prepared session's child waits
 * after the handshake until {@link #assign} gives it its main; a main assigned with
 * {@link RunMain#awaitNext()} ends with the child's {@link MainEnded} and the child waits for the next
 * one. Each main has its own outcome, exit code override, calls and output; the trampolines and the
 * child's state outlive it. {@link #timeout}, {@link #assign}, {@link #discard} and {@link #childAlive}
 * are called from other threads.
 */
final class Session implements Runnable {

    /** How long the output of a main that returned may take to reach its boundary on both streams. */
    private static final long BOUNDARY_WAIT_MILLIS = 5_000;
    /** How often a child waiting for its next main is checked for having died meanwhile. */
    private static final long IDLE_CHECK_MILLIS = 50;

    /** A main given to a prepared child and how it ended: empty if the child ended before it could start it. */
    record Assignment(RunMain work, CompletableFuture<Optional<ChildExit>> end) {
    }

    private final ChildSpec spec;
    private final Symbolizer symbolizer;
    /** The mains a prepared child is given, in order, an empty one when it is discarded; null when the spec's main runs directly. */
    private final BlockingQueue<Optional<Assignment>> assignments;
    /** A prepared child's output; null when the spec's main runs directly. */
    private final HeldLines stdout;
    private final HeldLines stderr;
    /** Set once the session ended: no assignment is taken any more. Guarded by {@code this}. */
    private boolean ended;
    private Assignment current;
    private int mainsReturned;
    private volatile ChildProcess child;
    private volatile TracedCalls calls;
    private volatile boolean timedOut;
    private Integer overriddenRetcode;
    private TestOutcome outcome;
    private String supervisorError;
    private ChildExit exit;
    /** Seized on the tracer thread at the handshake; its end is awaited before the JDK's. */
    private SeizedExitSentinel sentinel;

    Session(ChildSpec spec, Symbolizer symbolizer) {
        this(spec, symbolizer, null, null, null);
    }

    private Session(ChildSpec spec, Symbolizer symbolizer, BlockingQueue<Optional<Assignment>> assignments,
                    HeldLines stdout, HeldLines stderr) {
        this.spec = spec;
        this.symbolizer = symbolizer;
        this.assignments = assignments;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * A session whose child runs the spec's main as a warm-up, then waits for {@link #assign}; its output
     * goes to {@code stdout} and {@code stderr}, whoever the spec named.
     */
    static Session prepared(ChildSpec warmUp, HeldLines stdout, HeldLines stderr, Symbolizer symbolizer) {
        return new Session(warmUp.withOutput(stdout, stderr), symbolizer, new LinkedBlockingQueue<>(), stdout, stderr);
    }

    @Override
    public void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tracedffi-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path socketPath = dir.resolve("s");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socketPath));
                child = ChildProcess.launch(spec, socketPath, assignments != null);
                try (SocketChannel socket = accept(server)) {
                    if (socket != null) {
                        serve(new MessageChannel(socket));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            supervisorError = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (child != null) {
                child.kill();
            }
        } finally {
            exit = finish(dir);
            endAssignments();
        }
    }

    /** The main running now ends with the child's exit; those never started end empty. */
    private void endAssignments() {
        Assignment running;
        List<Optional<Assignment>> waiting = new ArrayList<>();
        synchronized (this) {
            ended = true;
            running = current;
            current = null;
            if (assignments != null) {
                assignments.drainTo(waiting);
            }
        }
        if (running != null) {
            running.end().complete(Optional.of(exit));
        }
        waiting.forEach(next -> next.ifPresent(never -> never.end().complete(Optional.empty())));
    }

    /** Waits for the child to connect; null if it died, was discarded, or the session timed out first. */
    private SocketChannel accept(ServerSocketChannel server) throws IOException {
        server.configureBlocking(false);
        while (true) {
            SocketChannel socket = server.accept();
            if (socket != null) {
                socket.configureBlocking(true);
                return socket;
            }
            if (discarded()) {
                child.kill();
                return null;
            }
            if (!child.isAlive() || timedOut) {
                return null;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void serve(MessageChannel channel) throws IOException {
        Ptrace ptrace = new Ptrace();
        int pid = child.pid();
        Message hello = channel.receive();
        if (hello == null) {
            return; // the child died before saying hello; its exit tells why
        }
        Optional<String> refusal = Handshake.problemWith(hello, pid, spec.traced(), ptrace);
        if (refusal.isPresent()) {
            supervisorError = refusal.get();
            channel.send(new Refusal(refusal.get()));
            child.kill();
            return;
        }
        if (spec.traced()) {
            sentinel = SeizedExitSentinel.seize(ptrace, pid).orElse(null);
        }
        // before any test code runs, every executable anonymous mapping is the JVM's
        JvmCodeHeap codeHeap = JvmCodeHeap.in(ProcMaps.of(pid));
        channel.send(new Confirmation());
        TracedCalls traced = new TracedCalls(pid, spec, ptrace, symbolizer, () -> timedOut, codeHeap,
                sentinel == null ? 0 : sentinel.tid());
        calls = traced;
        if (assignments == null) {
            serveMain(channel, traced, null);
            return;
        }
        while (true) {
            Optional<Assignment> next = nextAssignment();
            if (next.isEmpty()) {
                child.kill();
                return;
            }
            RunMain work = next.get().work();
            CompletableFuture<String> mainStdout = work.awaitNext() ? stdout.endAt(boundary(work)) : null;
            CompletableFuture<String> mainStderr = work.awaitNext() ? stderr.endAt(boundary(work)) : null;
            channel.send(work);
            if (!serveMain(channel, traced, work)) {
                return;
            }
            next.get().end().complete(Optional.of(mainReturned(traced, mainStdout, mainStderr)));
        }
    }

    /**
     * Answers the child's requests until its main is over: true when it returned in a child kept for its
     * next main ({@link MainEnded}), false when the child ended.
     */
    private boolean serveMain(MessageChannel channel, TracedCalls traced, RunMain work) throws IOException {
        while (true) {
            Message message;
            try {
                message = channel.receive();
            } catch (IOException e) {
                if (traced.calledExecve()) {
                    return false; // the exec closed the connection with the call's events unread
                }
                throw e;
            }
            if (message == null) {
                return false; // the child closed the connection: it is exiting
            }
            if (message instanceof TraceRequest.StartFfi start) {
                if (!traced.trace(start.info(), channel)) {
                    return false;
                }
            } else if (message instanceof TraceRequest.OverrideRetcode override) {
                overriddenRetcode = override.code();
                channel.send(new Confirmation());
            } else if (message instanceof TestOutcome reported) {
                outcome = reported;
            } else if (message instanceof MainEnded ended && work != null && work.awaitNext()
                    && ended.outputMarker() == work.outputMarker()) {
                return true;
            } else {
                channel.send(new Refusal("unexpected message " + message.getClass().getSimpleName()));
            }
        }
    }

    private static String boundary(RunMain work) {
        return ChildContract.outputBoundary(work.outputMarker());
    }

    /**
     * The next main, empty once the session is discarded or the child died while it waited (a thread a
     * previous main left behind may end it).
     */
    private Optional<Assignment> nextAssignment() {
        try {
            while (true) {
                Optional<Assignment> next = assignments.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    synchronized (this) {
                        current = next.orElse(null);
                    }
                    return next;
                }
                if (!child.isAlive()) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * How a main that returned in a kept child ended: its outcome, override, calls and standard error,
     * once both output streams reached its boundary (or a bounded wait passed). Resets them for the next.
     */
    private ChildExit mainReturned(TracedCalls traced, CompletableFuture<String> mainStdout,
                                   CompletableFuture<String> mainStderr) {
        String err = awaitBoundary(mainStderr, stderr);
        awaitBoundary(mainStdout, stdout);
        ChildExit returned = new ChildExit(0, OptionalInt.empty(),
                overriddenRetcode == null ? OptionalInt.empty() : OptionalInt.of(overriddenRetcode),
                Optional.empty(), false, Optional.empty(), traced.takeRecords(), Optional.ofNullable(outcome), err,
                Optional.empty());
        overriddenRetcode = null;
        outcome = null;
        mainsReturned++;
        synchronized (this) {
            current = null;
        }
        return returned;
    }

    private static String awaitBoundary(CompletableFuture<String> text, HeldLines lines) {
        try {
            return text.get(BOUNDARY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return lines.text(); // the main's output has not come to its end: what came until now is its
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lines.text();
        }
    }

    /**
     * Called from the waiting thread when the session's time is up. A thread inside a traced call is
     * stopped first (SIGSTOP: the tracer sees it, possibly as a group-stop, and records where the thread
     * was before it kills the child); then the child is killed whatever state it is in.
     */
    void timeout(long graceMillis, Thread tracerThread) throws InterruptedException {
        timedOut = true;
        ChildProcess running = child;
        TracedCalls traced = calls;
        int tid = traced == null ? 0 : traced.callingTid();
        if (running != null && tid != 0) {
            try {
                Syscalls.get().tgkill(running.pid(), tid, Signals.SIGSTOP);
                tracerThread.join(graceMillis);
            } catch (LinuxException e) {
                // the thread is gone already
            }
        }
        if (running != null) {
            running.kill();
        }
    }

    /**
     * Gives a prepared child its next main. The result completes when the main returned in a kept child,
     * or when the child ended (with the child's exit); empty if the child ended before it started it.
     */
    synchronized CompletableFuture<Optional<ChildExit>> assign(RunMain work) {
        CompletableFuture<Optional<ChildExit>> end = new CompletableFuture<>();
        if (ended) {
            end.complete(Optional.empty());
        } else {
            assignments.add(Optional.of(new Assignment(work, end)));
        }
        return end;
    }

    /** Kills a prepared child that is not running a main; the tracer thread then reaps it. */
    void discard() {
        synchronized (this) {
            if (ended || current != null) {
                return;
            }
            assignments.add(Optional.empty());
        }
        ChildProcess running = child;
        if (running != null) {
            running.kill(); // also ends a handshake still waiting for the child's hello
        }
    }

    private boolean discarded() {
        return assignments != null && assignments.peek() != null && assignments.peek().isEmpty();
    }

    /** The child's process id, once it has been launched. */
    OptionalInt childPid() {
        ChildProcess running = child;
        return running == null ? OptionalInt.empty() : OptionalInt.of(running.pid());
    }

    /** Whether the child is starting or running: false once it has ended. */
    boolean childAlive() {
        ChildProcess running = child;
        return running == null || running.isAlive();
    }

    private ChildExit finish(Path dir) {
        int exitCode = -1;
        String stderr = "";
        Optional<WaitStatus> sentinelEnd = Optional.empty();
        if (child != null) {
            try {
                // first: while it is our tracee, neither it nor the child can be reaped by the JDK
                sentinelEnd = sentinel == null ? Optional.empty() : sentinel.awaitEnd();
                exitCode = child.awaitExit();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.kill();
            }
            // a kept child's earlier mains had their own standard error
            stderr = mainsReturned > 0 ? this.stderr.text() : child.stderr();
        }
        Optional<String> fatalError = FatalErrorLog.takeSummary(dir);
        deleteQuietly(dir);
        OptionalInt signal = SeizedExitSentinel.signalOf(exitCode, sentinelEnd);
        TracedCalls traced = calls;
        return new ChildExit(exitCode, signal,
                overriddenRetcode == null ? OptionalInt.empty() : OptionalInt.of(overriddenRetcode),
                traced == null ? Optional.empty() : traced.crash(), timedOut,
                traced == null ? Optional.empty() : traced.hangLocation(),
                traced == null ? List.of() : traced.records(),
                Optional.ofNullable(outcome), stderr, Optional.ofNullable(supervisorError), fatalError);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless; the next session uses a new one
        }
    }

    ChildExit exit() {
        return exit;
    }
}
