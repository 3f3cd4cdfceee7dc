package dev.tracedffi.child;

import dev.tracedffi.protocol.RunMain;
import dev.tracedffi.supervisor.linux.Signals;
import dev.tracedffi.supervisor.linux.Syscalls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of a supervised child JVM, usable without JUnit:
 * {@code ChildMain <socket> <supervisor pid> <traced> <main class> [args...]}. It makes the child die
 * with its supervisor, connects and handshakes (the supervisor proves it can trace this thread), then
 * runs the main class's {@code main(String[])}.
 * <p>
 * A prepared child, {@code ChildMain <socket> <supervisor pid> <traced> --await-main <warm-up class>
 * [args...]}, runs the warm-up class's main instead, then waits for the supervisor's {@link RunMain}
 * and runs that main: its start-up is paid before it has any work.
 */
public final class ChildMain {

    /** In place of the main class: this child is prepared, its main class comes later. */
    public static final String AWAIT_MAIN = "--await-main";

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4 || args[3].equals(AWAIT_MAIN) && args.length < 5) {
            System.err.println("usage: ChildMain <socket> <supervisor pid> <traced> [--await-main] <main class> [args...]");
            System.exit(2);
        }
        Syscalls sys = Syscalls.get();
        sys.setParentDeathSignal(Signals.SIGKILL);
        if (sys.libc().getppid() != Long.parseLong(args[1])) {
            // the supervisor died before the death signal was armed
            Runtime.getRuntime().halt(1);
        }
        SupervisorClient client = SupervisorClient.connect(Path.of(args[0]), Boolean.parseBoolean(args[2]));
        if (args[3].equals(AWAIT_MAIN)) {
            runMain(args[4], Arrays.copyOfRange(args, 5, args.length));
            Optional<RunMain> work = client.awaitMain();
            if (work.isEmpty()) {
                // discarded unused, or the supervisor died: nothing will ever come
                Runtime.getRuntime().halt(1);
            }
            runMain(work.get().mainClass(), work.get().args().toArray(String[]::new));
        } else {
            runMain(args[3], Arrays.copyOfRange(args, 4, args.length));
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
