package dev.tracedffi.child;

import dev.tracedffi.linux.LibC;
import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.ChildContract;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Starts the child's exit sentinel ({@link ChildContract#EXIT_SENTINEL_THREAD}): a native thread the
 * JVM does not know, running libc's {@code pause()} with every signal blocked, so that it never runs
 * anything, never receives a signal and never stops on its own. The supervisor seizes it to learn how
 * the child really ended.
 */
final class ExitSentinel {

    private static final int PTHREAD_ATTR_BYTES = 64;
    private static final int SIGSET_BYTES = 128;
    private static final long STACK_BYTES = 64 << 10;

    private ExitSentinel() {
    }

    static void start() {
        Syscalls sys = Syscalls.get();
        LibC libc = sys.libc();
        long pause = libc.dlsym(0, "pause");
        if (pause == 0) {
            throw new LinuxException("dlsym(pause)", 0, "libc has no pause()");
        }
        Pointer attr = Memory.allocateDirect(sys.runtime(), PTHREAD_ATTR_BYTES, true);
        Pointer allSignals = Memory.allocateDirect(sys.runtime(), SIGSET_BYTES, true);
        allSignals.setMemory(0, SIGSET_BYTES, (byte) 0xff);
        Pointer thread = Memory.allocateDirect(sys.runtime(), Long.BYTES, true);
        check("pthread_attr_init", libc.pthread_attr_init(attr));
        try {
            check("pthread_attr_setstacksize", libc.pthread_attr_setstacksize(attr, STACK_BYTES));
            // the mask is the new thread's from its first instruction: no signal can reach it, ever
            check("pthread_attr_setsigmask_np", libc.pthread_attr_setsigmask_np(attr, allSignals));
            check("pthread_create", libc.pthread_create(thread, attr, pause, 0));
        } finally {
            libc.pthread_attr_destroy(attr);
        }
        check("pthread_setname_np", libc.pthread_setname_np(thread.getLong(0), ChildContract.EXIT_SENTINEL_THREAD));
    }

    /** pthread functions return their error number instead of setting errno. */
    private static void check(String function, int result) {
        if (result != 0) {
            throw new LinuxException(function, result, Syscalls.get().libc().strerror(result));
        }
    }
}
