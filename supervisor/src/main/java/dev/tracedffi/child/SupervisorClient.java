package dev.tracedffi.child;

import dev.tracedffi.protocol.CallConfirmation;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.Confirmation;
import dev.tracedffi.protocol.Hello;
import dev.tracedffi.protocol.MainEnded;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.protocol.StackFrame;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TestOutcome;
import dev.tracedffi.protocol.TraceRequest;
import dev.tracedffi.linux.Syscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The child's connection to its supervisor: performs traced calls ({@link #doFfi}) and overrides the
 * exit code the supervisor reports. One traced call at a time: other threads wait for the lock.
 */
public final class SupervisorClient implements AutoCloseable {

    private static volatile SupervisorClient current;

    private final Syscalls sys = Syscalls.get();
    private final SocketChannel socket;
    private final MessageChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final int pid;
    /** Renewed between the mains of a child that serves several: each main starts with an empty arena. */
    private volatile TracedArena arena;
    private final ScratchArea scratch;
    private final boolean traced;

    /** A traced call's result and the accesses it made. */
    public record FfiResult<T>(T result, MemEvents events) {
    }

    private SupervisorClient(SocketChannel socket, TracedArena arena, ScratchArea scratch, boolean traced) {
        this.socket = socket;
        this.channel = new MessageChannel(socket);
        this.pid = sys.libc().getpid();
        this.arena = arena;
        this.scratch = scratch;
        this.traced = traced;
    }

    /**
     * Connects to the supervisor listening on {@code socketPath} and proves, with the calling thread,
     * that it can be traced. Throws {@link TracingRefusedException} when the supervisor refuses.
     *
     * @param traced false when the supervisor only isolates this child: {@link #doFfi} is then refused
     */
    public static SupervisorClient connect(Path socketPath, boolean traced) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(socketPath));
        SupervisorClient client = new SupervisorClient(socket, new TracedArena(), new ScratchArea(), traced);
        Syscalls.get().closeOnExecAboveStderr(); // the socket and the arena's memfd among them
        client.expectConfirmation(client.exchange(Protocol.hello(client.pid, client.sys.gettid())));
        current = client;
        return client;
    }

    /** The client of this child JVM; throws when the JVM was not started by a supervisor. */
    public static SupervisorClient current() {
        SupervisorClient client = current;
        if (client == null) {
            throw new IllegalStateException("this JVM is not a tracedffi child: no supervisor connection");
        }
        return client;
    }

    public static boolean isConnected() {
        return current != null;
    }

    /** Whether the supervisor traces this child's calls (false: isolation only). */
    public boolean traced() {
        return traced;
    }

    public TracedArena arena() {
        return arena;
    }

    /**
     * Runs {@code call} traced: the arena is inaccessible to it, so the supervisor sees every access
     * native code makes to arena buffers. Exceptions of the call propagate after tracing has ended.
     */
    public <T> FfiResult<T> doFfi(String callName, Supplier<T> call) {
        return doFfi(callName, List.of(), call);
    }

    /**
     * Like {@link #doFfi(String, Supplier)}; {@code javaFrames} are the frames of the code making the call,
     * innermost first, which the supervisor shows if the call crashes (and the child with it).
     */
    public <T> FfiResult<T> doFfi(String callName, List<StackFrame> javaFrames, Supplier<T> call) {
        if (lock.isHeldByCurrentThread()) {
            // a Java callback of a traced call: the supervisor is tracing, not reading the socket
            throw new IllegalStateException("traced call `" + callName + "` started inside another traced call on "
                    + "the same thread (from a Java callback of native code): traced calls cannot nest");
        }
        lock.lock();
        try {
            int tid = sys.gettid();
            StartFfiInfo info = new StartFfiInfo(tid, callName, arena.pageSize(), arena.trackedPages(),
                    scratch.start(), arena.aliasDelta(), arena.allocations(), javaFrames);
            long nonce = expectCallConfirmation(exchange(new TraceRequest.StartFfi(info)));
            T result = null;
            Throwable failure = null;
            // protect -> call -> restore -> end marker, with nothing in between that waits on the supervisor:
            // it is tracing this process and does not read the socket until the marker
            arena.protect(Syscalls.PROT_NONE);
            try {
                result = call.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            arena.protect(Syscalls.PROT_READ | Syscalls.PROT_WRITE);
            sys.tgsigqueue(pid, tid, ChildContract.END_MARKER_SIGNAL, nonce);
            MemEvents events = receiveEvents();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return new FfiResult<>(result, events);
        } finally {
            lock.unlock();
        }
    }

    private MemEvents receiveEvents() {
        Message reply = receive();
        if (reply instanceof MemEvents events) {
            return events;
        }
        if (reply instanceof Refusal refusal) {
            throw new TracingRefusedException(refusal.reason());
        }
        throw new IllegalStateException("the supervisor answered a traced call with " + reply);
    }

    /**
     * Blocks until the supervisor assigns this prepared child its main; empty when the supervisor
     * closes the connection instead (it discarded this child, or it died).
     */
    public Optional<RunMain> awaitMain() {
        Message message;
        try {
            message = channel.receive();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (message == null) {
            return Optional.empty();
        }
        if (message instanceof RunMain work) {
            return Optional.of(work);
        }
        throw new IllegalStateException("expected the main to run from the supervisor, got " + message);
    }

    /**
     * Replaces the arena by a new, empty one and unmaps the old one (a child that serves several mains does
     * this between them; a pointer into the old arena faults from now on).
     */
    public void renewArena() {
        lock.lock();
        try {
            TracedArena old = arena;
            arena = new TracedArena();
            old.close();
        } finally {
            lock.unlock();
        }
    }

    /** Tells the supervisor that the current main returned and its output is marked with {@code outputMarker}. */
    public void mainEnded(long outputMarker) {
        lock.lock();
        try {
            channel.send(new MainEnded(outputMarker));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the supervisor", e);
        } finally {
            lock.unlock();
        }
    }

    /** From now on the supervisor reports {@code code} as this child's exit code, whatever it exits with. */
    public void overrideRetcode(int code) {
        lock.lock();
        try {
            expectConfirmation(exchange(new TraceRequest.OverrideRetcode(code)));
        } finally {
            lock.unlock();
        }
    }

    /** Tells the supervisor how the test ended; the last frame of the child's current main. */
    public void reportOutcome(TestOutcome outcome) {
        lock.lock();
        try {
            channel.send(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the supervisor", e);
        } finally {
            lock.unlock();
        }
    }

    private Message exchange(Message request) {
        try {
            channel.send(request);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the supervisor", e);
        }
        return receive();
    }

    private Message receive() {
        try {
            Message message = channel.receiveEvents(); // a call's MemEvents may come in several frames
            if (message == null) {
                throw new UncheckedIOException(new java.io.EOFException("the supervisor closed the connection"));
            }
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException("lost the supervisor connection", e);
        }
    }

    private static long expectCallConfirmation(Message reply) {
        if (reply instanceof Refusal refusal) {
            throw new TracingRefusedException(refusal.reason());
        }
        if (!(reply instanceof CallConfirmation granted)) {
            throw new IllegalStateException("expected the supervisor to confirm the traced call, got " + reply);
        }
        return granted.endMarkerNonce();
    }

    private static void expectConfirmation(Message reply) {
        if (reply instanceof Refusal refusal) {
            throw new TracingRefusedException(refusal.reason());
        }
        if (!(reply instanceof Confirmation)) {
            throw new IllegalStateException("expected a confirmation from the supervisor, got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        current = null;
        socket.close();
    }
}
