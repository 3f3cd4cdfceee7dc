package dev.tracedffi.supervisor.ptrace;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Errno;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.linux.LibC;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * ptrace(2) requests for one tracer thread. The kernel only accepts requests for a tracee from the
 * thread that attached to it, so an instance must stay on that thread; it keeps its native buffers
 * and reuses them.
 */
public final class Ptrace {

    public static final int PTRACE_CONT = 7;
    public static final int PTRACE_SINGLESTEP = 9;
    public static final int PTRACE_GETREGS = 12;
    public static final int PTRACE_SETREGS = 13;
    public static final int PTRACE_SYSCALL = 24;
    public static final int PTRACE_DETACH = 17;
    public static final int PTRACE_GETEVENTMSG = 0x4201;
    public static final int PTRACE_GETSIGINFO = 0x4202;
    public static final int PTRACE_GETREGSET = 0x4204;
    public static final int PTRACE_SEIZE = 0x4206;
    public static final int PTRACE_INTERRUPT = 0x4207;
    public static final int PTRACE_GET_SYSCALL_INFO = 0x420e;

    public static final int O_TRACESYSGOOD = 0x01;

    public static final int O_TRACECLONE = 0x08;
    public static final int O_TRACEEXIT = 0x40;

    public static final int EVENT_CLONE = 3;
    public static final int EVENT_EXIT = 6;
    public static final int EVENT_STOP = 128;

    /** The stop signal of a syscall-entry or -exit stop under {@link #O_TRACESYSGOOD}: SIGTRAP | 0x80. */
    public static final int SYSCALL_STOP = Signals.SIGTRAP | 0x80;

    public static final int WNOHANG = 1;
    public static final int WALL = 0x40000000;

    private final Syscalls sys = Syscalls.get();
    private final LibC libc = sys.libc();
    private final Pointer regsBuffer = Memory.allocateDirect(sys.runtime(), Registers.SIZE);
    private final Pointer siginfoBuffer = Memory.allocateDirect(sys.runtime(), SigInfo.SIZE);
    private final Pointer eventMsgBuffer = Memory.allocateDirect(sys.runtime(), 8);
    private final Pointer xstateBuffer = Memory.allocateDirect(sys.runtime(), XSTATE_BUFFER_SIZE);
    private final Pointer xstateIovec = Memory.allocateDirect(sys.runtime(), 16);
    private final Pointer syscallInfoBuffer = Memory.allocateDirect(sys.runtime(), SyscallInfo.SIZE);
    private final Thread owner = Thread.currentThread();

    private long request(int request, int tid, long addr, long data, String name) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("ptrace " + name + " from " + Thread.currentThread()
                    + ", but this tracer belongs to " + owner);
        }
        long result = libc.ptrace(request, tid, addr, data);
        if (result == -1) {
            throw new LinuxException("ptrace(" + name + ", " + tid + ")", sys.errno(), libc.strerror(sys.errno()));
        }
        return result;
    }

    public void seize(int tid, int options) {
        request(PTRACE_SEIZE, tid, 0, options, "SEIZE");
    }

    public void interrupt(int tid) {
        request(PTRACE_INTERRUPT, tid, 0, 0, "INTERRUPT");
    }

    public void cont(int tid, int signal) {
        request(PTRACE_CONT, tid, 0, signal, "CONT");
    }

    /** Continues the thread until its next signal, event, or syscall entry or exit. */
    public void syscall(int tid, int signal) {
        request(PTRACE_SYSCALL, tid, 0, signal, "SYSCALL");
    }

    /** What a thread stopped at a syscall stop is doing (Linux 5.3+). */
    public SyscallInfo getSyscallInfo(int tid) {
        request(PTRACE_GET_SYSCALL_INFO, tid, SyscallInfo.SIZE, syscallInfoBuffer.address(), "GET_SYSCALL_INFO");
        return SyscallInfo.read(syscallInfoBuffer);
    }

    public void singleStep(int tid, int signal) {
        request(PTRACE_SINGLESTEP, tid, 0, signal, "SINGLESTEP");
    }

    public void detach(int tid, int signal) {
        request(PTRACE_DETACH, tid, 0, signal, "DETACH");
    }

    public Registers getRegs(int tid) {
        request(PTRACE_GETREGS, tid, 0, regsBuffer.address(), "GETREGS");
        return Registers.read(regsBuffer);
    }

    public void setRegs(int tid, Registers regs) {
        regs.write(regsBuffer);
        request(PTRACE_SETREGS, tid, 0, regsBuffer.address(), "SETREGS");
    }

    public SigInfo getSigInfo(int tid) {
        request(PTRACE_GETSIGINFO, tid, 0, siginfoBuffer.address(), "GETSIGINFO");
        return SigInfo.read(siginfoBuffer);
    }

    public long getEventMsg(int tid) {
        request(PTRACE_GETEVENTMSG, tid, 0, eventMsgBuffer.address(), "GETEVENTMSG");
        return eventMsgBuffer.getLong(0);
    }

    private static final int NT_X86_XSTATE = 0x202;
    private static final int XSTATE_BUFFER_SIZE = 16 * 1024;
    /** Offset of XSTATE_BV in the XSAVE header; bit 5 says whether the opmask registers are in use. */
    private static final int XSTATE_BV_OFFSET = 512;
    private static final long OPMASK_COMPONENT = 1L << 5;
    /**
     * Offset of k0..k7 in the standard (uncompacted) XSAVE layout ptrace returns. The CPU says where
     * (cpuid leaf 0xd, sub-leaf 5): 1088 on Intel, 832 on AMD CPUs without MPX state.
     */
    private static final int OPMASK_OFFSET = CpuId.ebx(0xd, 5);

    /** The AVX-512 opmask register k{@code index} of a stopped thread (0 when the registers are unused). */
    public long getOpmask(int tid, int index) {
        xstateIovec.putLong(0, xstateBuffer.address());
        xstateIovec.putLong(8, XSTATE_BUFFER_SIZE);
        request(PTRACE_GETREGSET, tid, NT_X86_XSTATE, xstateIovec.address(), "GETREGSET");
        long size = xstateIovec.getLong(8);
        if (OPMASK_OFFSET == 0 || size < OPMASK_OFFSET + 64 || (xstateBuffer.getLong(XSTATE_BV_OFFSET) & OPMASK_COMPONENT) == 0) {
            return 0;
        }
        return xstateBuffer.getLong(OPMASK_OFFSET + 8L * index);
    }

    private final int[] status = new int[1];
    private final Pointer waitidInfo = Memory.allocateDirect(sys.runtime(), SigInfo.SIZE);
    private static final int P_PGID = 2;
    private static final int WSTOPPED = 2;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;

    /**
     * Blocks until some tracee (or child) in process group {@code pgid} has a status to report, without
     * consuming it (waitid with WNOWAIT); returns its tid. The status is then taken with
     * {@link #waitFor}, for that tid only: nothing is ever reaped that is not ours to reap.
     */
    public int awaitStatusInGroup(int pgid) {
        while (true) {
            waitidInfo.putInt(16, 0);
            int result = libc.waitid(P_PGID, pgid, waitidInfo, WEXITED | WSTOPPED | WNOWAIT | WALL);
            if (result == 0) {
                return waitidInfo.getInt(16); // si_pid
            }
            int errno = sys.errno();
            if (errno != Errno.EINTR) {
                throw new LinuxException("waitid(P_PGID, " + pgid + ")", errno, libc.strerror(errno));
            }
        }
    }

    /** waitpid(tid, __WALL | extra); returns null with WNOHANG when nothing happened. */
    public WaitStatus waitFor(int tid, int extraOptions) {
        while (true) {
            int pid = libc.waitpid(tid, status, WALL | extraOptions);
            if (pid > 0) {
                return new WaitStatus(pid, status[0]);
            }
            if (pid == 0) {
                return null;
            }
            int errno = sys.errno();
            if (errno != Errno.EINTR) {
                throw new LinuxException("waitpid(" + tid + ")", errno, libc.strerror(errno));
            }
        }
    }
}
