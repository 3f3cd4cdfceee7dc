package dev.tracedffi.supervisor;

import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.ChildContract.ChildCommand;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A launched child JVM and the threads that pump its output, line by line, to the spec's sinks (the
 * last MiB of standard error is also kept for reports).
 */
final class ChildProcess {

    private static final int MAX_STDERR_CHARS = 1 << 20;
    private static final long PUMP_DRAIN_MILLIS = 5_000;

    private final Process process;
    private final List<Thread> pumps = new ArrayList<>(2);
    private final StringBuilder stderr = new StringBuilder();

    private ChildProcess(Process process, ChildSpec spec) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), spec.stdout(), null, "stdout"));
        pumps.add(pump(process.getErrorStream(), spec.stderr(), stderr, "stderr"));
    }

    /**
     * Starts {@code ChildMain} for {@code spec}, connecting back to {@code socket}; a fatal error log goes
     * next to the socket, in the session's private directory.
     */
    static ChildProcess launch(ChildSpec spec, Path socket, boolean awaitMain) throws IOException {
        SharedArchive sharing = SharedArchive.of(spec.classpath());
        Optional<SharedArchive.Launch> archive = sharing.launch();
        List<String> command = new ArrayList<>();
        command.add(spec.javaExecutable().toString());
        // start-up options first: the spec's own come later and win
        command.addAll(JffiStub.jvmOptions(spec.classpath()));
        archive.ifPresent(launch -> command.addAll(launch.jvmOptions()));
        command.addAll(spec.jvmOptions());
        command.add(FatalErrorLog.jvmOption(socket.getParent()));
        command.add("-cp");
        command.add(sharing.classpath(spec.classpath()));
        command.add(ChildContract.CHILD_MAIN);
        command.addAll(new ChildCommand(socket, ProcessHandle.current().pid(), spec.traced(), awaitMain,
                spec.mainClass(), spec.args()).toArguments());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        archive.ifPresent(launch -> process.onExit().thenAccept(ended -> sharing.childExited(launch, ended.exitValue())));
        return new ChildProcess(process, spec);
    }

    int pid() {
        return (int) process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the child and everything it started in its process group. */
    void kill() {
        killGroup();
        // through the handle: Process.destroyForcibly also closes the output streams, losing the last lines
        process.toHandle().destroyForcibly();
    }

    /**
     * Waits for the child's end (the JDK's exit code: 128 + n when killed by signal n), kills what it left
     * running in its process group (a {@code system("sleep 300 &")} would hold its output pipes open),
     * then waits for the rest of its output.
     */
    int awaitExit() throws InterruptedException {
        int code = process.waitFor();
        killGroup();
        for (Thread pump : pumps) {
            pump.join(PUMP_DRAIN_MILLIS);
        }
        return code;
    }

    /**
     * The child makes itself the leader of a process group whose id is its pid (ChildMain); while any
     * member lives, no other process or group can have that id, so this reaches only what the child
     * started. Before the child made its group, or once all of it is gone, there is no such group.
     */
    private void killGroup() {
        Syscalls.get().kill(-pid(), Signals.SIGKILL);
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    private static Thread pump(InputStream stream, Consumer<String> sink, StringBuilder keep, String name) {
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
        }, "tracedffi-output-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
