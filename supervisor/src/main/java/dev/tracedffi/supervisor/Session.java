package dev.tracedffi.supervisor;

import dev.tracedffi.child.ChildMain;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.Confirmation;
import dev.tracedffi.protocol.Hello;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TestOutcome;
import dev.tracedffi.protocol.TraceRequest;
import dev.tracedffi.supervisor.linux.LinuxException;
import dev.tracedffi.supervisor.linux.Ptrace;
import dev.tracedffi.supervisor.linux.Signals;
import dev.tracedffi.supervisor.linux.Syscalls;
import dev.tracedffi.supervisor.linux.WaitStatus;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One child JVM from launch to reaping. {@link #run()} executes on the tracer thread, which launches
 * the child (so the child's parent-death signal is tied to a thread that outlives it), accepts its
 * connection, proves it can trace it, answers its requests, traces its calls, and waits for it to end.
 * A prepared session's child waits after the handshake until {@link #assign} gives it its main.
 * {@link #timeout}, {@link #assign}, {@link #discard} and {@link #childAlive} are called from other threads.
 */
final class Session implements Runnable {

    private static final int MAX_STDERR_CHARS = 1 << 20;

    private final ChildSpec spec;
    private final Symbolizer symbolizer;
    private final List<CallRecord> calls = new CopyOnWriteArrayList<>();
    /** The child's trampolines outlive each call: its gadget page is the same for all of them. */
    private final TrampolineCache trampolines = new TrampolineCache();
    private final StringBuilder stderr = new StringBuilder();
    /** The main a prepared child waits for, empty if it is discarded; null when the spec's main runs directly. */
    private final CompletableFuture<Optional<RunMain>> assignment;
    private volatile Process process;
    private volatile int tracedTid;
    private volatile boolean timedOut;
    private Integer overriddenRetcode;
    private TestOutcome outcome;
    private CrashReport crash;
    private String hangLocation;
    private String supervisorError;
    private ChildExit exit;

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
        List<Thread> pumps = new ArrayList<>();
        try {
            dir = Files.createTempDirectory("tracedffi-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path socketPath = dir.resolve("s");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socketPath));
                process = launch(socketPath);
                pumps.add(pump(process.getInputStream(), spec.stdout(), null));
                pumps.add(pump(process.getErrorStream(), spec.stderr(), stderr));
                try (SocketChannel socket = accept(server)) {
                    if (socket != null) {
                        serve(new MessageChannel(socket));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            supervisorError = describe(e);
            if (process != null) {
                process.destroyForcibly();
            }
        } finally {
            exit = finish(pumps, dir);
        }
    }

    private Process launch(Path socketPath) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(spec.javaExecutable().toString());
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(spec.classpath());
        command.add(ChildMain.class.getName());
        command.add(socketPath.toString());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(Boolean.toString(spec.traced()));
        if (assignment != null) {
            command.add(ChildMain.AWAIT_MAIN);
        }
        command.add(spec.mainClass());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }

    /** Waits for the child to connect; null if it died or the session timed out first. */
    private SocketChannel accept(ServerSocketChannel server) throws IOException {
        server.configureBlocking(false);
        while (true) {
            SocketChannel socket = server.accept();
            if (socket != null) {
                socket.configureBlocking(true);
                return socket;
            }
            if (discarded()) {
                process.destroyForcibly();
                return null;
            }
            if (!process.isAlive() || timedOut) {
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
        int pid = (int) process.pid();
        if (!handshake(channel, ptrace, pid)) {
            return;
        }
        if (assignment != null) {
            Optional<RunMain> work = assignment.join();
            if (work.isEmpty()) {
                process.destroyForcibly();
                return;
            }
            channel.send(work.get());
        }
        RemoteMemory memory = new RemoteMemory(pid);
        StartFfiValidator validator = new StartFfiValidator(pid, Syscalls.get().pageSize());
        while (true) {
            Message message = channel.receive();
            if (message == null) {
                return; // the child closed the connection: it is exiting
            }
            if (message instanceof TraceRequest.StartFfi start) {
                Optional<String> problem = validator.problemWith(start.info(), memory);
                if (problem.isPresent()) {
                    channel.send(new Refusal(problem.get()));
                } else if (!spec.traced()) {
                    channel.send(new Refusal("this child runs untraced (isolation only)"));
                } else if (!traceCall(channel, ptrace, pid, start.info())) {
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
     * Checks the child's hello and, when tracing, proves the announced thread can be traced by seizing
     * and detaching it. Returns false (the child refused and killed) when either fails.
     */
    private boolean handshake(MessageChannel channel, Ptrace ptrace, int pid) throws IOException {
        Message first = channel.receive();
        if (first == null) {
            return false; // the child died before saying hello; its exit tells why
        }
        if (!(first instanceof Hello hello)) {
            return refuse(channel, "expected a hello, got " + first.getClass().getSimpleName());
        }
        Optional<Refusal> versionProblem = Protocol.checkVersion(hello);
        if (versionProblem.isPresent()) {
            return refuse(channel, versionProblem.get().reason());
        }
        if (hello.pid() != pid) {
            return refuse(channel, "hello from pid " + hello.pid() + ", but the child launched is " + pid);
        }
        if (!Files.isDirectory(Path.of("/proc", Integer.toString(pid), "task", Long.toString(hello.tid())))) {
            // never seize a thread of another process, whatever the child claims
            return refuse(channel, "thread " + hello.tid() + " is not a thread of child process " + pid);
        }
        if (spec.traced()) {
            try {
                int tid = (int) hello.tid();
                ptrace.seize(tid, 0);
                ptrace.interrupt(tid);
                WaitStatus stop = ptrace.waitFor(tid, 0);
                if (stop.gone()) {
                    return refuse(channel, "the child's thread " + tid + " ended during the tracing check");
                }
                ptrace.detach(tid, 0);
            } catch (LinuxException e) {
                return refuse(channel, "cannot trace the child: " + e.getMessage());
            }
        }
        channel.send(new Confirmation());
        return true;
    }

    private boolean refuse(MessageChannel channel, String reason) throws IOException {
        supervisorError = reason;
        channel.send(new Refusal(reason));
        process.destroyForcibly();
        return false;
    }

    /** Traces one call; returns false when the child did not survive it. */
    private boolean traceCall(MessageChannel channel, Ptrace ptrace, int pid, StartFfiInfo info) throws IOException {
        CallTracer tracer = new CallTracer(ptrace, pid, info, symbolizer, () -> timedOut, spec.strategy(), trampolines);
        try {
            tracer.attach();
        } catch (LinuxException e) {
            channel.send(new Refusal("cannot trace thread " + info.tid() + ": " + e.getMessage()));
            return true;
        }
        tracedTid = (int) info.tid();
        channel.send(new Confirmation());
        CallOutcome result;
        try {
            result = tracer.trace();
        } catch (RuntimeException e) {
            // give up on this child: a half-traced call cannot be trusted to continue
            tracer.killAndReap();
            calls.add(new CallRecord(info, new MemEvents(List.of()), List.of(), CallRecord.Ending.ABANDONED, Map.of()));
            throw e;
        } finally {
            tracedTid = 0;
        }
        // the memory map is only needed to classify and name the instructions of the events
        ProcMaps maps = result.events().isEmpty() ? ProcMaps.empty() : ProcMaps.of(pid);
        List<String> warnings = new ArrayList<>(result.warnings());
        MemEvents events = new MemEvents(JvmCode.withoutJvmAccesses(result.events(), maps, warnings));
        Map<Long, String> instructions = instructionNames(maps, events);
        CallRecord.Ending ending;
        if (result instanceof CallOutcome.Completed) {
            ending = CallRecord.Ending.COMPLETED;
        } else if (result instanceof CallOutcome.Crashed crashed) {
            crash = crashed.report();
            ending = CallRecord.Ending.CRASHED;
        } else if (result instanceof CallOutcome.TimedOut hung) {
            hangLocation = hung.location();
            ending = CallRecord.Ending.TIMED_OUT;
        } else {
            ending = CallRecord.Ending.CHILD_DIED;
        }
        calls.add(new CallRecord(info, events, warnings, ending, instructions));
        if (ending == CallRecord.Ending.COMPLETED) {
            channel.sendEvents(events);
            return true;
        }
        return false;
    }

    /** Symbolizes each instruction that made an access, while the child's memory map still exists. */
    private Map<Long, String> instructionNames(ProcMaps maps, MemEvents events) {
        Map<Long, String> names = new HashMap<>();
        if (maps.mappings().isEmpty()) {
            return names;
        }
        for (AccessEvent event : events.accEvents()) {
            names.computeIfAbsent(event.ip(), ip -> symbolizer.symbolize(maps, ip));
        }
        return names;
    }

    /**
     * Called from the waiting thread when the session's time is up: stops the traced thread (so the
     * tracer can record where it hung) and kills the child.
     */
    void timeout(long graceMillis, Thread tracerThread) throws InterruptedException {
        timedOut = true;
        Process child = process;
        int tid = tracedTid;
        if (child != null && tid != 0) {
            try {
                Syscalls.get().tgkill((int) child.pid(), tid, Signals.SIGSTOP);
                tracerThread.join(graceMillis);
            } catch (LinuxException e) {
                // the thread is gone already
            }
        }
        if (child != null) {
            child.destroyForcibly();
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
            Process child = process;
            if (child != null) {
                child.destroyForcibly(); // also ends a handshake still waiting for the child's hello
            }
        }
    }

    private boolean discarded() {
        return assignment != null && assignment.isDone() && assignment.join().isEmpty();
    }

    /** Whether the child is starting or running: false once it has ended. */
    boolean childAlive() {
        Process child = process;
        return child == null || child.isAlive();
    }

    private Thread pump(InputStream stream, Consumer<String> sink, StringBuilder keep) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    sink.accept(line);
                    if (keep != null) {
                        synchronized (keep) {
                            keep.append(line).append('\n');
                            if (keep.length() > MAX_STDERR_CHARS) {
                                keep.delete(0, keep.length() - MAX_STDERR_CHARS);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closed with the child
            }
        }, "tracedffi-output-" + (keep == null ? "stdout" : "stderr"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private ChildExit finish(List<Thread> pumps, Path dir) {
        int exitCode = -1;
        if (process != null) {
            try {
                exitCode = process.waitFor();
                for (Thread pump : pumps) {
                    pump.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteQuietly(dir);
        OptionalInt signal = exitCode > 128 && exitCode < 128 + 65 ? OptionalInt.of(exitCode - 128) : OptionalInt.empty();
        String stderrText;
        synchronized (stderr) {
            stderrText = stderr.toString();
        }
        return new ChildExit(exitCode, signal,
                overriddenRetcode == null ? OptionalInt.empty() : OptionalInt.of(overriddenRetcode),
                Optional.ofNullable(crash), timedOut, Optional.ofNullable(hangLocation), calls,
                Optional.ofNullable(outcome), stderrText, Optional.ofNullable(supervisorError));
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

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    ChildExit exit() {
        return exit;
    }
}
