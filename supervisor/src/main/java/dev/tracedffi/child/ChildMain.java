package dev.tracedffi.child;

import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.ChildContract.ChildCommand;
import dev.tracedffi.protocol.MainEnded;
import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Entry point of a supervised child JVM, usable without JUnit; its command line is a
 * {@link ChildCommand}: {@code ChildMain <socket> <supervisor pid> <traced> <main class> [args...]}. It makes the child die
 * with its supervisor, connects and handshakes (the supervisor proves it can trace this thread), then
 * runs the main class's {@code main(String[])}.
 * <p>
 * A prepared child, {@code ChildMain <socket> <supervisor pid> <traced> --await-main <warm-up class>
 * [args...]}, runs the warm-up class's main instead, then waits for the supervisor's {@link RunMain}
 * and runs that main: its start-up is paid before it has any work. A RunMain that says
 * {@link RunMain#awaitNext() awaitNext} keeps the child: when its main returns, the child ends the
 * main's output with the main's boundary, renews its arena, says {@link MainEnded} and waits for the
 * next RunMain.
 */
public final class ChildMain {

    private static final PrintStream JVM_STDOUT = System.out;
    private static final PrintStream JVM_STDERR = System.err;
    /** Never closed: they are the JVM's standard output and error. */
    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        ChildCommand command;
        try {
            command = ChildCommand.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Syscalls sys = Syscalls.get();
        sys.setParentDeathSignal(Signals.SIGKILL);
        // a group of its own: whatever the test starts in the background is killed with it at the end
        sys.becomeProcessGroupLeader();
        if (sys.libc().getppid() != command.supervisorPid()) {
            // the supervisor died before the death signal was armed
            Runtime.getRuntime().halt(1);
        }
        if (command.traced()) {
            startExitSentinel();
        }
        SupervisorClient client = SupervisorClient.connect(command.socket(), command.traced());
        String[] mainArgs = command.args().toArray(String[]::new);
        runMain(command.mainClass(), mainArgs);
        if (!command.awaitMain()) {
            return;
        }
        while (true) {
            Optional<RunMain> work = client.awaitMain();
            if (work.isEmpty()) {
                // discarded unused, or the supervisor died: nothing will ever come
                Runtime.getRuntime().halt(1);
            }
            runMain(work.get().mainClass(), work.get().args().toArray(String[]::new));
            if (!work.get().awaitNext()) {
                return;
            }
            endOutput(ChildContract.outputBoundary(work.get().outputMarker()), sys);
            // the next main starts as the first did: with the JVM's own standard streams
            System.setOut(JVM_STDOUT);
            System.setErr(JVM_STDERR);
            client.renewArena();
            client.mainEnded(work.get().outputMarker());
        }
    }

    /**
     * Ends the main's output on both streams with its boundary: first what Java and native code (libc's
     * stdio buffers) still hold, then the boundary, which the supervisor's output pumps wait for. The
     * boundary goes to the file descriptors themselves: the test may have replaced System.out.
     */
    private static void endOutput(String boundary, Syscalls sys) throws IOException {
        System.out.flush();
        System.err.flush();
        JVM_STDOUT.flush();
        JVM_STDERR.flush();
        sys.libc().fflush(null);
        byte[] line = (boundary + "\n").getBytes(StandardCharsets.UTF_8);
        STDOUT.write(line);
        STDERR.write(line);
    }

    /** Without its sentinel the child still runs; only an exit code above 128 stays ambiguous. */
    private static void startExitSentinel() {
        try {
            ExitSentinel.start();
        } catch (LinuxException e) {
            System.err.println("tracedffi: no exit sentinel (" + e.getMessage()
                    + "); an exit code above 128 will be reported as a signal");
        }
    }

    private static void runMain(String mainClass, String[] args) throws Throwable {
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
