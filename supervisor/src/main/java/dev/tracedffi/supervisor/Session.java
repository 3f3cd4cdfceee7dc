package dev.tracedffi.supervisor;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.Confirmation;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One child JVM from launch to reaping. {@link #run()} executes on the tracer thread, which launches
 * the child (so the child's parent-death signal is tied to a thread that outlives it), accepts its
 * connection in a private directory, checks its hello ({@link Handshake}), answers its requests,
 * traces its calls ({@link TracedCalls}), and waits for it to end. A prepared session's child waits
 * after the handshake until {@link #assign} gives it its main. {@link #timeout}, {@link #assign},
 * {@link #discard} and {@link #childAlive} are called from other threads.
 */
final class Session implements Runnable {

    private final ChildSpec spec;
    private final Symbolizer symbolizer;
    /** The main a prepared child waits for, empty if it is discarded; null when the spec's main runs directly. */
    private final CompletableFuture<Optional<RunMain>> assignment;
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
        this(spec, symbolizer, null);
    }

    private Session(ChildSpec spec, Symbolizer symbolizer, CompletableFuture<Optional<RunMain>> assignment) {
        this.spec = spec;
        this.symbolizer = symbolizer;
        this.assignment = assignment;
    }

    /** A session whose child runs the spec's main as a warm-up, then waits for {@link #assign}. */
    static Session prepared(ChildSpec warmUp, Symbolizer symbolizer) {
        return new Session(warmUp, symbolizer, new CompletableFuture<>());
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
                child = ChildProcess.launch(spec, socketPath, assignment != null);
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
        }
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
        if (assignment != null) {
            Optional<RunMain> work = assignment.join();
            if (work.isEmpty()) {
                child.kill();
                return;
            }
            channel.send(work.get());
        }
        TracedCalls traced = new TracedCalls(pid, spec, ptrace, symbolizer, () -> timedOut, codeHeap,
                sentinel == null ? 0 : sentinel.tid());
        calls = traced;
        while (true) {
            Message message;
            try {
                message = channel.receive();
            } catch (IOException e) {
                if (traced.calledExecve()) {
                    return; // the exec closed the connection with the call's events unread
                }
                throw e;
            }
            if (message == null) {
                return; // the child closed the connection: it is exiting
            }
            if (message instanceof TraceRequest.StartFfi start) {
                if (!traced.trace(start.info(), channel)) {
                    return;
                }
            } else if (message instanceof TraceRequest.OverrideRetcode override) {
                overriddenRetcode = override.code();
                channel.send(new Confirmation());
            } else if (message instanceof TestOutcome reported) {
                outcome = reported;
            } else {
                channel.send(new Refusal("unexpected message " + message.getClass().getSimpleName()));
            }
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

    /** Gives a prepared child its main. */
    void assign(RunMain work) {
        if (!assignment.complete(Optional.of(work))) {
            throw new IllegalStateException("this child was already given its work or discarded");
        }
    }

    /** Kills a prepared child that has not been given its work; the tracer thread then reaps it. */
    void discard() {
        if (assignment.complete(Optional.empty())) {
            ChildProcess running = child;
            if (running != null) {
                running.kill(); // also ends a handshake still waiting for the child's hello
            }
        }
    }

    private boolean discarded() {
        return assignment != null && assignment.isDone() && assignment.join().isEmpty();
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
            stderr = child.stderr();
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
