package dev.tracedffi.benchmarks;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The child side of {@link TracingBenchmark}: times libc calls on 64 KiB arena buffers, traced (through
 * {@code doFfi}) and untraced (the same call made directly), and prints one line per case on stdout:
 * {@code RESULT <case> <events per traced call> <median traced ns> <median untraced ns>}. Which glibc
 * path memset and memcpy take is chosen by the GLIBC_TUNABLES the parent gives the child.
 */
public final class TracingBenchmarkChild {

    static final String RESULT = "RESULT";
    static final int SIZE = 64 * 1024;
    private static final int WARMUP_CALLS = 2;
    private static final int EXTRA_THREADS = 16;
    private static final int UNTRACED_CALLS = 201;

    public interface LibC {
        Pointer memset(Pointer dst, int value, long n);

        Pointer memcpy(Pointer dst, Pointer src, long n);

        long strlen(Pointer s);

        int abs(int value);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private TracingBenchmarkChild() {
    }

    /** args: the number of traced calls per case, then the cases to run. */
    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();
        int tracedCalls = Integer.parseInt(args[0]);
        for (String name : Arrays.copyOfRange(args, 1, args.length)) {
            Pointer a = buffer(arena, SIZE + 1);
            Pointer b = buffer(arena, SIZE + 1);
            Supplier<Object> call = switch (name) {
                case "memset" -> () -> LIBC.memset(a, 0x5a, SIZE);
                case "memset-freed" -> {
                    arena.free(a.address()); // every access is a use after free: the tracer unwinds once per ip
                    yield () -> LIBC.memset(a, 0x5a, SIZE);
                }
                case "memcpy" -> () -> LIBC.memcpy(a, b, SIZE);
                case "strlen" -> {
                    byte[] text = new byte[SIZE];
                    Arrays.fill(text, (byte) 'a');
                    a.put(0, text, 0, SIZE);
                    yield () -> LIBC.strlen(a);
                }
                case "empty" -> () -> LIBC.abs(-1);
                case "empty-more-threads" -> {
                    startIdleThreads(EXTRA_THREADS);
                    yield () -> LIBC.abs(-1);
                }
                default -> throw new IllegalArgumentException("unknown case " + name);
            };
            measure(client, name, tracedCalls, call);
        }
    }

    private static void measure(SupervisorClient client, String name, int tracedCalls, Supplier<Object> call) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
            client.doFfi(name, call);
        }
        long[] traced = new long[tracedCalls];
        int events = 0;
        for (int i = 0; i < tracedCalls; i++) {
            long start = System.nanoTime();
            SupervisorClient.FfiResult<Object> result = client.doFfi(name, call);
            traced[i] = System.nanoTime() - start;
            events = result.events().accEvents().size();
        }
        long[] untraced = new long[UNTRACED_CALLS];
        for (int i = 0; i < UNTRACED_CALLS; i++) {
            long start = System.nanoTime();
            call.get();
            untraced[i] = System.nanoTime() - start;
        }
        System.out.println(String.join(" ", RESULT, name, Integer.toString(events),
                Long.toString(median(traced)), Long.toString(median(untraced)), Long.toString(threads())));
    }

    /** Threads that sit in the JVM doing nothing, as a library's idle worker pool does; the tracer seizes them all. */
    private static void startIdleThreads(int count) {
        for (int i = 0; i < count; i++) {
            Thread idle = new Thread(() -> {
                while (true) {
                    java.util.concurrent.locks.LockSupport.park();
                }
            }, "idle-" + i);
            idle.setDaemon(true);
            idle.start();
        }
    }

    /** The threads of this process, as the tracer counts them. */
    private static long threads() {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Pointer buffer(TracedArena arena, long size) {
        return Pointer.wrap(RUNTIME, arena.allocate("bench", size).start());
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
