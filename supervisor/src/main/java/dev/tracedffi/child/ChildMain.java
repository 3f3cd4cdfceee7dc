package dev.tracedffi.child;

import dev.tracedffi.protocol.ChildContract.ChildCommand;
import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;

import java.lang.reflect.InvocationTargetException;
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
 * and runs that main: its start-up is paid before it has any work.
 */
public final class ChildMain {

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
        if (command.awaitMain()) {
            runMain(command.mainClass(), mainArgs);
            Optional<RunMain> work = client.awaitMain();
            if (work.isEmpty()) {
                // discarded unused, or the supervisor died: nothing will ever come
                Runtime.getRuntime().halt(1);
            }
            runMain(work.get().mainClass(), work.get().args().toArray(String[]::new));
        } else {
            runMain(command.mainClass(), mainArgs);
        }
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
