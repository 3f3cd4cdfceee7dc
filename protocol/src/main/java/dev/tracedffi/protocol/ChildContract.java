package dev.tracedffi.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a supervised child and its supervisor must agree on besides the messages: how the child
 * is started, the signal that ends a traced call, the name of the arena's memory, and the layout of
 * the scratch page the tracer runs code in. Both sides read it from here.
 */
public final class ChildContract {

    /** The child's entry point (in tracedffi-supervisor, child side). */
    public static final String CHILD_MAIN = "dev.tracedffi.child.ChildMain";

    /**
     * The signal the calling thread raises at the end of a traced call (SIGURG: ignored by default, so
     * harmless if the child is no longer traced).
     */
    public static final int END_MARKER_SIGNAL = 23;

    /** The name of the memfd behind the traced arena; /proc/pid/maps shows it as {@link #ARENA_MAPPING}. */
    public static final String ARENA_MEMFD_NAME = "tracedffi-arena";
    public static final String ARENA_MAPPING = "/memfd:" + ARENA_MEMFD_NAME;

    /**
     * The name (/proc/pid/task/tid/comm) of the traced child's exit sentinel: a native thread with every
     * signal blocked that only waits. The supervisor keeps it seized for the child's whole life; as a
     * traced non-leader thread it cannot be reaped (nor, before it, the child) until the supervisor waits
     * for it, and its wait status is the child's real one (exit code or signal, which the JDK folds into
     * one number).
     */
    public static final String EXIT_SENTINEL_THREAD = "tracedffi-exit";

    /*
     * The scratch area: one private anonymous executable mapping of SCRATCH_BYTES, written by the tracer
     * during calls, never touched by the child once it wrote the gadget.
     *   [0, 3)                 the syscall gadget: syscall; int3
     *   [16, 64)               the step trampoline: a rep string instruction followed by int3
     *   [64, 48 KiB)           trampolines of displaced execution, TRAMPOLINE_SLOT_SIZE bytes each
     *   [48 KiB, 64 KiB)       copies of the structures a syscall follows pointers through (iovec
     *                          arrays, msghdrs), SYSCALL_SCRATCH_SLOT bytes per syscall in flight
     */
    public static final int SCRATCH_BYTES = 64 << 10;
    public static final byte[] SYSCALL_GADGET = {0x0f, 0x05, (byte) 0xcc};
    public static final int STEP_TRAMPOLINE_OFFSET = 16;
    public static final int FIRST_TRAMPOLINE_SLOT = 64;
    public static final int TRAMPOLINE_SLOT_SIZE = 48;
    public static final int TRAMPOLINE_AREA_END = 48 << 10;
    public static final int SYSCALL_SCRATCH_OFFSET = TRAMPOLINE_AREA_END;
    public static final int SYSCALL_SCRATCH_SLOT = 1 << 10;

    private static final String AWAIT_MAIN = "--await-main";
    private static final String OUTPUT_BOUNDARY_PREFIX = "tracedffi-end-of-main:";

    /**
     * The text that ends a main's output on standard output and on standard error in a child that serves
     * several mains ({@link RunMain#awaitNext()}): what the main printed before it, on the same line too,
     * is that main's; what comes after belongs to the next.
     */
    public static String outputBoundary(long outputMarker) {
        return OUTPUT_BOUNDARY_PREFIX + Long.toHexString(outputMarker);
    }

    private ChildContract() {
    }

    /**
     * The child's command line after its class name.
     *
     * @param socket        where the supervisor listens
     * @param supervisorPid the test JVM: the child ends itself if its parent is another process
     * @param traced        false for isolation only
     * @param awaitMain     a prepared child: {@code mainClass} is its warm-up, its real main comes as a RunMain
     */
    public record ChildCommand(Path socket, long supervisorPid, boolean traced, boolean awaitMain, String mainClass,
                               List<String> args) {

        public ChildCommand {
            args = List.copyOf(args);
        }

        public List<String> toArguments() {
            List<String> out = new ArrayList<>();
            out.add(socket.toString());
            out.add(Long.toString(supervisorPid));
            out.add(Boolean.toString(traced));
            if (awaitMain) {
                out.add(AWAIT_MAIN);
            }
            out.add(mainClass);
            out.addAll(args);
            return out;
        }

        /** Parses what {@link #toArguments()} produced; throws IllegalArgumentException with the usage otherwise. */
        public static ChildCommand parse(String[] arguments) {
            boolean awaitMain = arguments.length > 3 && arguments[3].equals(AWAIT_MAIN);
            int mainAt = awaitMain ? 4 : 3;
            if (arguments.length <= mainAt) {
                throw new IllegalArgumentException(
                        "usage: ChildMain <socket> <supervisor pid> <traced> [" + AWAIT_MAIN + "] <main class> [args...]");
            }
            long supervisorPid;
            try {
                supervisorPid = Long.parseLong(arguments[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the supervisor pid must be a number, not '" + arguments[1] + "'");
            }
            return new ChildCommand(Path.of(arguments[0]), supervisorPid, Boolean.parseBoolean(arguments[2]),
                    awaitMain, arguments[mainAt], Arrays.asList(arguments).subList(mainAt + 1, arguments.length));
        }
    }
}
