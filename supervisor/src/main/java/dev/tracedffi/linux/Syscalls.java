package dev.tracedffi.linux;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Typed access to the Linux calls tracedffi makes, with errno turned into {@link LinuxException}.
 * One instance per JVM; every method is safe to call from any thread (ptrace requests must still
 * come from the thread that attached).
 */
public final class Syscalls {

    public static final int SYS_MMAP = 9;
    public static final int SYS_MPROTECT = 10;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    public static final int SYS_GETTID = 186;
    public static final int SYS_RT_TGSIGQUEUEINFO = 297;
    /** si_code of a signal queued with a value (sigqueue, rt_tgsigqueueinfo). */
    public static final int SI_QUEUE = -1;
    private static final int SIGINFO_SIZE = 128;
    private static final int SIGINFO_VALUE_OFFSET = 24;
    public static final int SYS_PROCESS_VM_READV = 310;
    public static final int SYS_PROCESS_VM_WRITEV = 311;

    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MFD_CLOEXEC = 1;
    public static final int PR_SET_PDEATHSIG = 1;
    public static final int SC_PAGESIZE = 30;

    private static final Syscalls INSTANCE = new Syscalls();

    private final LibC libc;
    private final Runtime runtime;

    private Syscalls() {
        libc = LibraryLoader.create(LibC.class).load("c");
        runtime = Runtime.getRuntime(libc);
    }

    public static Syscalls get() {
        return INSTANCE;
    }

    public LibC libc() {
        return libc;
    }

    public Runtime runtime() {
        return runtime;
    }

    public int errno() {
        return runtime.getLastError();
    }

    LinuxException failure(String call) {
        int errno = errno();
        return new LinuxException(call, errno, libc.strerror(errno));
    }

    public long pageSize() {
        return libc.sysconf(SC_PAGESIZE);
    }

    public int gettid() {
        return (int) libc.syscall(SYS_GETTID, 0, 0, 0, 0, 0, 0);
    }

    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        long result = libc.syscall(SYS_MMAP, addr, length, prot, flags, fd, offset);
        if (result < 0 && result > -4096) {
            throw new LinuxException("mmap", (int) -result, libc.strerror((int) -result));
        }
        return result;
    }

    public void mprotect(long addr, long length, int prot) {
        if (libc.mprotect(addr, length, prot) != 0) {
            throw failure("mprotect(0x" + Long.toHexString(addr) + ", " + length + ", " + prot + ")");
        }
    }

    public void munmap(long addr, long length) {
        if (libc.munmap(addr, length) != 0) {
            throw failure("munmap");
        }
    }

    public int memfdCreate(String name) {
        int fd = libc.memfd_create(name, MFD_CLOEXEC);
        if (fd < 0) {
            throw failure("memfd_create");
        }
        return fd;
    }

    public void ftruncate(int fd, long length) {
        if (libc.ftruncate(fd, length) != 0) {
            throw failure("ftruncate");
        }
    }

    public void tgkill(int tgid, int tid, int signal) {
        if (libc.tgkill(tgid, tid, signal) != 0) {
            throw failure("tgkill(" + tgid + ", " + tid + ", " + signal + ")");
        }
    }

    /**
     * Sends {@code signal} to thread {@code tid} of this process with {@code value} as its
     * {@code si_value} (rt_tgsigqueueinfo, si_code SI_QUEUE): a signal a tracer can tell from any other.
     */
    public void tgsigqueue(int tgid, int tid, int signal, long value) {
        Pointer siginfo = Memory.allocateDirect(runtime, SIGINFO_SIZE, true);
        siginfo.putInt(0, signal);
        siginfo.putInt(8, SI_QUEUE);
        siginfo.putInt(16, tgid);
        siginfo.putInt(20, libc.getuid());
        siginfo.putLong(SIGINFO_VALUE_OFFSET, value);
        if (libc.syscall(SYS_RT_TGSIGQUEUEINFO, tgid, tid, signal, siginfo.address(), 0, 0) != 0) {
            throw failure("rt_tgsigqueueinfo(" + tgid + ", " + tid + ", " + signal + ")");
        }
    }

    /** Makes this process the leader of a new process group, which its children join. */
    public void becomeProcessGroupLeader() {
        if (libc.setpgid(0, 0) != 0) {
            throw failure("setpgid(0, 0)");
        }
    }

    /**
     * Marks every file descriptor of this process above stderr close-on-exec, so that programs native
     * code starts ({@code system()}, {@code posix_spawn}) do not hold them: a background process holding
     * the supervisor's socket or a pipe would keep them open after this process ends.
     */
    public void closeOnExecAboveStderr() {
        java.io.File[] fds = new java.io.File("/proc/self/fd").listFiles();
        if (fds == null) {
            return;
        }
        for (java.io.File fd : fds) {
            int n = Integer.parseInt(fd.getName());
            if (n > 2) {
                libc.fcntl(n, F_SETFD, FD_CLOEXEC); // fails harmlessly for the directory's own fd, closed by now
            }
        }
    }

    /** kill(2); returns false when the process no longer exists. */
    public boolean kill(int pid, int signal) {
        if (libc.kill(pid, signal) == 0) {
            return true;
        }
        if (errno() == Errno.ESRCH) {
            return false;
        }
        throw failure("kill(" + pid + ", " + signal + ")");
    }

    public void setParentDeathSignal(int signal) {
        if (libc.prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0) != 0) {
            throw failure("prctl(PR_SET_PDEATHSIG)");
        }
    }

    /**
     * Copies {@code length} bytes at {@code remoteAddr} of process {@code pid} into {@code dest}
     * (a native buffer of at least that size); returns how many bytes were copied, which is less than
     * {@code length} when the range runs into unmapped memory.
     */
    public long readRemote(int pid, long remoteAddr, Pointer dest, long length) {
        return transferRemote(SYS_PROCESS_VM_READV, "process_vm_readv", pid, remoteAddr, dest, length);
    }

    /** Copies {@code length} bytes from {@code src} into process {@code pid} at {@code remoteAddr}. */
    public long writeRemote(int pid, long remoteAddr, Pointer src, long length) {
        return transferRemote(SYS_PROCESS_VM_WRITEV, "process_vm_writev", pid, remoteAddr, src, length);
    }

    private long transferRemote(int nr, String name, int pid, long remoteAddr, Pointer local, long length) {
        Pointer iovecs = Memory.allocateDirect(runtime, 32);
        iovecs.putLong(0, local.address());
        iovecs.putLong(8, length);
        iovecs.putLong(16, remoteAddr);
        iovecs.putLong(24, length);
        long n = libc.syscall(nr, pid, iovecs.address(), 1, iovecs.address() + 16, 1, 0);
        if (n < 0) {
            int errno = errno();
            if (errno == Errno.EFAULT) {
                return 0;
            }
            throw new LinuxException(name + "(" + pid + ", 0x" + Long.toHexString(remoteAddr) + ", " + length + ")",
                    errno, libc.strerror(errno));
        }
        return n;
    }
}
