package dev.tracedffi.linux;

/** The errno values tracedffi reacts to. */
public final class Errno {
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EFAULT = 14;

    private Errno() {
    }
}
