package dev.tracedffi.child;

import dev.tracedffi.supervisor.linux.Signals;
import dev.tracedffi.supervisor.linux.Syscalls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of a supervised child JVM, usable without JUnit:
 * {@code ChildMain <socket> <supervisor pid> <traced> <main class> [args...]}. It makes the child die
 * with its supervisor, connects and handshakes (the supervisor proves it can trace this thread), then
 * runs the main class's {@code main(String[])}.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 4) {
            System.err.println("usage: ChildMain <socket> <supervisor pid> <traced> <main class> [args...]");
            System.exit(2);
        }
        Syscalls sys = Syscalls.get();
        sys.setParentDeathSignal(Signals.SIGKILL);
        if (sys.libc().getppid() != Long.parseLong(args[1])) {
            // the supervisor died before the death signal was armed
            Runtime.getRuntime().halt(1);
        }
        SupervisorClient.connect(Path.of(args[0]), Boolean.parseBoolean(args[2]));
        Method main = Class.forName(args[3]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 4, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
