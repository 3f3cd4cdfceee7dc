package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.bytes;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link SyscallTracingTest}: traced calls whose syscalls use arena buffers (one call
 * per case, named after it, its buffers labelled "case/buffer"). Each checks in the child that the
 * syscall really worked on the buffer, not failed with EFAULT (exit code {@value ScenarioSupport#WRONG_RESULT} if not).
 * Last, it times traced calls making 0 and {@value #GETPIDS} untracked syscalls and prints the cost.
 * With the argument "block", it makes one call that blocks in read(2) on an arena buffer forever.
 */
public final class SyscallScenarios {

    static final int FILE_SIZE = 100;
    static final int GETPIDS = 1000;

    public interface Syscalls {
        long sys_read_file(String path, Pointer buf, long n);

        long sys_read_pipe(Pointer buf, long n);

        long sys_readv_pipe(Pointer iov, int count, long n);

        long sys_write_devnull(Pointer buf, long n);

        long sys_write_pipe(Pointer buf, long n, Pointer readback);

        long sys_getrandom(Pointer buf, long n);

        long sys_clock_gettime(Pointer ts);

        long sys_stat(Pointer path, Pointer st);

        long sys_sched_getaffinity(Pointer mask, long size);

        long sys_getpid_loop(long n);

        long sys_read_forever(Pointer buf, long n);
    }

    private static final Syscalls SYS = LibraryLoader.create(Syscalls.class).load(System.getProperty("tracedffi.test.library"));
    private static final Runtime RUNTIME = Runtime.getRuntime(SYS);

    private SyscallScenarios() {
    }

    public static void main(String[] args) throws IOException {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();
        if (args.length > 0 && args[0].equals("block")) {
            Pointer buf = buffer(arena, "block/buf", 64);
            call(client, "read forever", () -> SYS.sys_read_forever(buf, 64));
            return;
        }
        Path file = Files.createTempFile("tracedffi-syscalls", ".bin");
        try {
            Files.write(file, pattern(FILE_SIZE));
            runCases(client, arena, file);
            timeUntrackedSyscalls(client, arena);
        } finally {
            Files.delete(file);
        }
    }

    private static void runCases(SupervisorClient client, TracedArena arena, Path file) {
        Pointer fileBuf = buffer(arena, "read file/buf", 256);
        expect("read file", call(client, "read file", () -> SYS.sys_read_file(file.toString(), fileBuf, 256)), FILE_SIZE);
        check(Arrays.equals(bytes(fileBuf, FILE_SIZE), pattern(FILE_SIZE)), "read file: wrong bytes");

        Pointer pipeBuf = buffer(arena, "read pipe/buf", 300);
        expect("read pipe", call(client, "read pipe", () -> SYS.sys_read_pipe(pipeBuf, 300)), 300);
        check(Arrays.equals(bytes(pipeBuf, 300), pattern(300)), "read pipe: wrong bytes");

        Pointer iov = buffer(arena, "readv/iov", 32);
        Pointer a = buffer(arena, "readv/a", 40);
        Pointer b = buffer(arena, "readv/b", 60);
        iov.putLong(0, a.address());
        iov.putLong(8, 40);
        iov.putLong(16, b.address());
        iov.putLong(24, 60);
        expect("readv", call(client, "readv", () -> SYS.sys_readv_pipe(iov, 2, 100)), 100);
        byte[] both = new byte[100];
        a.get(0, both, 0, 40);
        b.get(0, both, 40, 60);
        check(Arrays.equals(both, pattern(100)), "readv: wrong bytes");

        Pointer out = buffer(arena, "write devnull/buf", 200);
        out.put(0, pattern(200), 0, 200);
        expect("write devnull", call(client, "write devnull", () -> SYS.sys_write_devnull(out, 200)), 200);

        Pointer src = buffer(arena, "write pipe/buf", 500);
        src.put(0, pattern(500), 0, 500);
        Pointer readback = Memory.allocateDirect(RUNTIME, 500);
        expect("write pipe", call(client, "write pipe", () -> SYS.sys_write_pipe(src, 500, readback)), 500);
        check(Arrays.equals(bytes(readback, 500), pattern(500)), "write pipe: the pipe held wrong bytes");

        Pointer random = buffer(arena, "getrandom/buf", 64);
        expect("getrandom", call(client, "getrandom", () -> SYS.sys_getrandom(random, 64)), 64);
        check(!Arrays.equals(bytes(random, 64), new byte[64]), "getrandom: still zero");

        Pointer ts = buffer(arena, "clock_gettime/ts", 16);
        expect("clock_gettime", call(client, "clock_gettime", () -> SYS.sys_clock_gettime(ts)), 0);
        check(ts.getLong(0) > 1_600_000_000L, "clock_gettime: tv_sec " + ts.getLong(0));

        byte[] pathBytes = file.toString().getBytes();
        Pointer path = buffer(arena, "stat/path", pathBytes.length + 1);
        path.put(0, pathBytes, 0, pathBytes.length);
        Pointer st = buffer(arena, "stat/st", 144);
        expect("stat", call(client, "stat", () -> SYS.sys_stat(path, st)), 0);
        check(st.getLong(48) == FILE_SIZE, "stat: st_size " + st.getLong(48));

        buffer(arena, "outside arena/unused", 16);
        Pointer direct = Memory.allocateDirect(RUNTIME, 256);
        expect("outside arena", call(client, "outside arena", () -> SYS.sys_read_file(file.toString(), direct, 256)), FILE_SIZE);
        check(Arrays.equals(bytes(direct, FILE_SIZE), pattern(FILE_SIZE)), "outside arena: wrong bytes");

        Pointer mask = buffer(arena, "unknown syscall/mask", 128);
        long written = call(client, "unknown syscall", () -> SYS.sys_sched_getaffinity(mask, 128));
        check(written > 0 && mask.getByte(0) != 0, "sched_getaffinity returned " + written);
    }

    /**
     * Best of several traced calls making 0 and {@value #GETPIDS} getpid syscalls, and of the same
     * loop untraced; prints the extra cost per syscall that tracing adds.
     */
    private static void timeUntrackedSyscalls(SupervisorClient client, TracedArena arena) {
        buffer(arena, "getpid/unused", 16);
        long none = Long.MAX_VALUE;
        long many = Long.MAX_VALUE;
        long untraced = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            none = Math.min(none, timed(() -> call(client, "getpid x0", () -> SYS.sys_getpid_loop(0))));
            many = Math.min(many, timed(() -> call(client, "getpid x" + GETPIDS, () -> SYS.sys_getpid_loop(GETPIDS))));
            untraced = Math.min(untraced, timed(() -> SYS.sys_getpid_loop(GETPIDS)));
        }
        long extra = many - none - untraced;
        System.err.printf("untracked syscalls: traced call with %d getpid: %d us more than with none; untraced %d us; extra %d ns per syscall%n",
                GETPIDS, (many - none) / 1000, untraced / 1000, extra / GETPIDS);
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static long call(SupervisorClient client, String name, Supplier<Long> syscall) {
        return client.doFfi(name, syscall).result();
    }

    private static void expect(String name, long result, long expected) {
        check(result == expected, name + " returned " + result + " instead of " + expected);
    }
}
