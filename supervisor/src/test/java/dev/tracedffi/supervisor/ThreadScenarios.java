package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.util.Arrays;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.bytes;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link ChildThreadsTracingTest}: traced calls whose buffers are touched by threads
 * other than the calling one (threads.c). Scenario args[0]; each checks in the child that the threads
 * really did their work (exit code {@value ScenarioSupport#WRONG_RESULT} if not).
 */
public final class ThreadScenarios {

    static final int OMP_INTS = 1024;
    static final int OMP_CALLS = 3;
    static final int WORKER_INTS = 256;
    static final int[] WORKER_VALUES = {7, 9};
    static final int EXITING_BYTES = 64;
    static final int PIPE_BYTES = 64;
    static final int OTHER_BYTES = 32;

    public interface Threads {
        long omp_sum(Pointer buf, int n);

        int worker_start();

        int worker_fill(Pointer buf, int n, int value);

        int worker_stop();

        long write_from_exiting_threads(Pointer buf, int n);

        long reader_start(Pointer dst, int n);

        long reader_feed(Pointer other, int m);

        long read_while_touching(Pointer dst, int n, Pointer other, int m);
    }

    private static final Threads THREADS = LibraryLoader.create(Threads.class).load(System.getProperty("tracedffi.test.library"));

    private ThreadScenarios() {
    }

    static String ompCall(int k) {
        return "omp_sum #" + k;
    }

    static String workerCall(int value) {
        return "worker_fill " + value;
    }

    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();
        switch (args[0]) {
            case "openmp" -> openmp(client, arena);
            case "worker" -> worker(client, arena);
            case "exiting-threads" -> {
                Pointer buf = buffer(arena, "buf", EXITING_BYTES);
                long sum = client.doFfi("write_from_exiting_threads",
                        () -> THREADS.write_from_exiting_threads(buf, EXITING_BYTES)).result();
                int half = EXITING_BYTES / 2;
                check(sum == half + 2L * (EXITING_BYTES - half), "write_from_exiting_threads returned " + sum);
                check(buf.getByte(0) == 1 && buf.getByte(EXITING_BYTES - 1) == 2, "the threads' bytes are missing");
            }
            case "reader-started-before-the-call" -> blockedRead(client, arena, false);
            case "reader-started-inside-the-call" -> blockedRead(client, arena, true);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** The same OpenMP reduction traced {@value #OMP_CALLS} times: libgomp's team outlives each call. */
    private static void openmp(SupervisorClient client, TracedArena arena) {
        Pointer buf = buffer(arena, "buf", 4L * OMP_INTS);
        for (int i = 0; i < OMP_INTS; i++) {
            buf.putInt(4L * i, i + 1);
        }
        long expected = (long) OMP_INTS * (OMP_INTS + 1) / 2;
        for (int k = 1; k <= OMP_CALLS; k++) {
            long sum = client.doFfi(ompCall(k), () -> THREADS.omp_sum(buf, OMP_INTS)).result();
            check(sum == expected, ompCall(k) + " returned " + sum + " instead of " + expected);
        }
    }

    /** A worker started by an untraced call, fed by traced calls. */
    private static void worker(SupervisorClient client, TracedArena arena) {
        check(THREADS.worker_start() == 0, "worker_start failed");
        Pointer buf = buffer(arena, "buf", 4L * WORKER_INTS);
        for (int value : WORKER_VALUES) {
            client.doFfi(workerCall(value), () -> THREADS.worker_fill(buf, WORKER_INTS, value));
            int[] ints = new int[WORKER_INTS];
            buf.get(0, ints, 0, WORKER_INTS);
            check(Arrays.stream(ints).allMatch(v -> v == value), workerCall(value) + " left " + Arrays.toString(ints));
        }
        check(THREADS.worker_stop() == 0, "worker_stop failed");
    }

    /**
     * A thread asleep in read(2) into "dst" while the calling thread writes "other", on the same page,
     * then feeds the pipe. The reader is started before the call (untraced) or inside it.
     */
    private static void blockedRead(SupervisorClient client, TracedArena arena, boolean startedInsideTheCall) {
        Pointer dst = buffer(arena, "dst", PIPE_BYTES);
        Pointer other = buffer(arena, "other", OTHER_BYTES);
        check(dst.address() >> 12 == other.address() >> 12, "dst and other are not on one page");
        long read;
        if (startedInsideTheCall) {
            read = client.doFfi("read_while_touching",
                    () -> THREADS.read_while_touching(dst, PIPE_BYTES, other, OTHER_BYTES)).result();
        } else {
            long started = THREADS.reader_start(dst, PIPE_BYTES);
            check(started == 0, "reader_start returned " + started);
            read = client.doFfi("reader_feed", () -> THREADS.reader_feed(other, OTHER_BYTES)).result();
        }
        check(read == PIPE_BYTES, "the reader's read returned " + read + " instead of " + PIPE_BYTES);
        check(Arrays.equals(bytes(dst, PIPE_BYTES), pattern(PIPE_BYTES)), "the reader's bytes are wrong");
        byte[] touched = new byte[OTHER_BYTES];
        Arrays.fill(touched, (byte) 'b');
        check(Arrays.equals(bytes(other, OTHER_BYTES), touched), "the calling thread's bytes are wrong");
    }
}
