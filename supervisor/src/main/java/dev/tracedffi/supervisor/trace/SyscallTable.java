package dev.tracedffi.supervisor.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel does with the user memory that x86-64 syscalls name, as their man pages document it.
 * A syscall absent from the table is unknown: its arguments that point into tracked pages are treated
 * as uncertain accesses of those pages.
 */
final class SyscallTable {

    /** How the kernel uses one pointer argument. */
    sealed interface PointerArg permits Buffer, Struct, CString, IoVectors, MessageHeader {
        int pointer();
    }

    /**
     * {@code [pointer, pointer + args[length])}: the kernel reads ({@code writes == false}) or fills
     * the first {@code result} bytes of it.
     */
    record Buffer(int pointer, int length, boolean writes) implements PointerArg {
    }

    /** A struct of {@code size} bytes the kernel reads, or fills when the syscall succeeds. */
    record Struct(int pointer, int size, StructUse use) implements PointerArg {
    }

    /** MAY_BE_WRITTEN_ON_SUCCESS: the kernel writes at most that many bytes (an address, control messages). */
    enum StructUse { READ, WRITTEN_ON_SUCCESS, WRITTEN_WHEN_INTERRUPTED, MAY_BE_WRITTEN_ON_SUCCESS }

    /** A NUL-terminated string (a path) the kernel reads. */
    record CString(int pointer) implements PointerArg {
    }

    /**
     * An array of {@code args[count]} {@code struct iovec}: the kernel reads the array, then reads or
     * fills the buffers in order, {@code result} bytes in all.
     */
    record IoVectors(int pointer, int count, boolean writes) implements PointerArg {
    }

    /**
     * A {@code struct msghdr} (sendmsg, recvmsg): the kernel reads it and its iovec array, then reads or
     * fills the buffers in order, {@code result} bytes in all; receiving, it fills the address and
     * control buffers it names and writes their lengths and the flags back into the header.
     */
    record MessageHeader(int pointer, boolean receives) implements PointerArg {
    }

    /**
     * One syscall: how many arguments it takes (the other argument registers hold leftovers) and how
     * the kernel uses those that are pointers. An argument it takes that the table does not describe
     * and that points into tracked pages is an uncertain access.
     */
    record Syscall(String name, int arity, List<PointerArg> pointers) {
    }

    private static final int STAT_SIZE = 144;
    private static final int TIMESPEC_SIZE = 16;
    private static final Map<Long, Syscall> KNOWN = new HashMap<>();
    private static final Map<Long, String> NAMES = loadNames();

    static {
        known(0, "read", 3, new Buffer(1, 2, true));
        known(1, "write", 3, new Buffer(1, 2, false));
        known(2, "open", 3, new CString(0));
        known(4, "stat", 2, new CString(0), new Struct(1, STAT_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(5, "fstat", 2, new Struct(1, STAT_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(6, "lstat", 2, new CString(0), new Struct(1, STAT_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(17, "pread64", 4, new Buffer(1, 2, true));
        known(18, "pwrite64", 4, new Buffer(1, 2, false));
        known(19, "readv", 3, new IoVectors(1, 2, true));
        known(20, "writev", 3, new IoVectors(1, 2, false));
        known(21, "access", 2, new CString(0));
        known(22, "pipe", 1, new Struct(0, 8, StructUse.WRITTEN_ON_SUCCESS));
        known(35, "nanosleep", 2, new Struct(0, TIMESPEC_SIZE, StructUse.READ),
                new Struct(1, TIMESPEC_SIZE, StructUse.WRITTEN_WHEN_INTERRUPTED));
        known(44, "sendto", 6, new Buffer(1, 2, false));
        known(45, "recvfrom", 6, new Buffer(1, 2, true));
        known(46, "sendmsg", 3, new MessageHeader(1, false));
        known(47, "recvmsg", 3, new MessageHeader(1, true));
        known(53, "socketpair", 4, new Struct(3, 8, StructUse.WRITTEN_ON_SUCCESS));
        known(63, "uname", 1, new Struct(0, 390, StructUse.WRITTEN_ON_SUCCESS));
        known(79, "getcwd", 2, new Buffer(0, 1, true));
        known(80, "chdir", 1, new CString(0));
        known(83, "mkdir", 2, new CString(0));
        known(87, "unlink", 1, new CString(0));
        known(89, "readlink", 3, new CString(0), new Buffer(1, 2, true));
        known(96, "gettimeofday", 2, new Struct(0, 16, StructUse.WRITTEN_ON_SUCCESS),
                new Struct(1, 8, StructUse.WRITTEN_ON_SUCCESS));
        known(99, "sysinfo", 1, new Struct(0, 112, StructUse.WRITTEN_ON_SUCCESS));
        known(201, "time", 1, new Struct(0, 8, StructUse.WRITTEN_ON_SUCCESS));
        known(217, "getdents64", 3, new Buffer(1, 2, true));
        known(228, "clock_gettime", 2, new Struct(1, TIMESPEC_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(229, "clock_getres", 2, new Struct(1, TIMESPEC_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(230, "clock_nanosleep", 4, new Struct(2, TIMESPEC_SIZE, StructUse.READ),
                new Struct(3, TIMESPEC_SIZE, StructUse.WRITTEN_WHEN_INTERRUPTED));
        known(257, "openat", 4, new CString(1));
        known(262, "newfstatat", 4, new CString(1), new Struct(2, STAT_SIZE, StructUse.WRITTEN_ON_SUCCESS));
        known(263, "unlinkat", 3, new CString(1));
        known(293, "pipe2", 2, new Struct(0, 8, StructUse.WRITTEN_ON_SUCCESS));
        known(295, "preadv", 5, new IoVectors(1, 2, true));
        known(296, "pwritev", 5, new IoVectors(1, 2, false));
        known(318, "getrandom", 3, new Buffer(0, 1, true));
        known(332, "statx", 5, new CString(1), new Struct(4, 256, StructUse.WRITTEN_ON_SUCCESS));
        addressOnly(9, "mmap");
        addressOnly(10, "mprotect");
        addressOnly(11, "munmap");
        addressOnly(12, "brk");
        addressOnly(25, "mremap");
        addressOnly(26, "msync");
        addressOnly(28, "madvise");
        addressOnly(149, "mlock");
        addressOnly(150, "munlock");
        addressOnly(325, "mlock2");
        addressOnly(329, "pkey_mprotect");
    }

    private SyscallTable() {
    }

    private static void known(long number, String name, int arity, PointerArg... pointers) {
        KNOWN.put(number, new Syscall(name, arity, List.of(pointers)));
    }

    /**
     * A syscall whose addresses are never dereferenced: it changes the address space (mprotect is how
     * the child itself protects the arena around a call).
     */
    private static void addressOnly(long number, String name) {
        KNOWN.put(number, new Syscall(name, 0, List.of()));
    }

    static Optional<Syscall> lookup(long number) {
        return Optional.ofNullable(KNOWN.get(number));
    }

    /** "sched_getaffinity" for 204; "syscall 1234" for numbers Linux does not define. */
    static String name(long number) {
        return NAMES.getOrDefault(number, "syscall " + number);
    }

    private static Map<Long, String> loadNames() {
        Map<Long, String> names = new HashMap<>();
        try (InputStream in = SyscallTable.class.getResourceAsStream("x86_64-syscalls.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    String[] parts = line.split(" ");
                    names.put(Long.parseLong(parts[0]), parts[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the syscall names", e);
        }
        return names;
    }
}
