package dev.tracedffi.linux;

/** Linux x86-64 signal numbers tracedffi names. */
public final class Signals {
    public static final int SIGTRAP = 5;
    public static final int SIGBUS = 7;
    public static final int SIGKILL = 9;
    public static final int SIGSEGV = 11;
    public static final int SIGSTOP = 19;
    public static final int SIGURG = 23;

    private static final String[] NAMES = {
            null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
            "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
            "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
            "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {
    }

    /** "SIGSEGV" for 11; "signal 40" for numbers without a name. */
    public static String name(int signal) {
        return signal > 0 && signal < NAMES.length ? NAMES[signal] : "signal " + signal;
    }
}
