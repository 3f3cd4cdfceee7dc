package dev.tracedffi.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;

/**
 * The libc functions tracedffi needs, bound through jnr-ffi.
 *
 * <p>jnr-ffi 2.2.17's generated stubs corrupt the sixth argument of six-argument functions, so
 * {@code mmap} and {@code process_vm_readv/writev} are reached through {@link #syscall} (whose sixth
 * and seventh arguments arrive intact); see {@link Syscalls}.
 */
public interface LibC {

    long ptrace(long request, int pid, long addr, long data);

    int waitpid(int pid, @Out int[] status, int options);

    int waitid(int idtype, int id, Pointer infop, int options);

    int kill(int pid, int signal);

    int tgkill(int tgid, int tid, int signal);

    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    int mprotect(long addr, long length, int prot);

    int munmap(long addr, long length);

    int memfd_create(String name, int flags);

    int ftruncate(int fd, long length);

    int close(int fd);

    int open(String path, int flags);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    long sysconf(int name);

    int getpid();

    int getppid();

    int getuid();

    int setpgid(int pid, int pgid);

    int fcntl(int fd, int cmd, int arg);

    String strerror(int errnum);

    /** With a null stream, flushes every open stdio stream (what native code printed to stdout). */
    int fflush(Pointer stream);

    /** {@code handle} 0 is RTLD_DEFAULT: every loaded object, in load order. */
    long dlsym(long handle, String symbol);

    int pthread_attr_init(Pointer attr);

    int pthread_attr_setstacksize(Pointer attr, long size);

    int pthread_attr_setsigmask_np(Pointer attr, Pointer sigmask);

    int pthread_attr_destroy(Pointer attr);

    int pthread_create(Pointer thread, Pointer attr, long startRoutine, long arg);

    int pthread_setname_np(long thread, String name);
}
