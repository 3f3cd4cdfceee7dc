package dev.tracedffi.supervisor.ptrace;

/** A status from waitpid(2), decoded as the W* macros of sys/wait.h do. */
public record WaitStatus(int tid, int raw) {

    public boolean exited() {
        return (raw & 0x7f) == 0;
    }

    public int exitCode() {
        return (raw >> 8) & 0xff;
    }

    public boolean killedBySignal() {
        return ((raw & 0x7f) + 1) >> 1 > 0 && !stopped();
    }

    public int termSignal() {
        return raw & 0x7f;
    }

    public boolean stopped() {
        return (raw & 0xff) == 0x7f;
    }

    public int stopSignal() {
        return (raw >> 8) & 0xff;
    }

    /** The PTRACE_EVENT_* of a ptrace event stop, 0 otherwise. */
    public int event() {
        return raw >>> 16;
    }

    /** The thread no longer exists (exited or killed). */
    public boolean gone() {
        return exited() || killedBySignal();
    }

    @Override
    public String toString() {
        if (exited()) {
            return "tid " + tid + " exited with " + exitCode();
        }
        if (stopped()) {
            return "tid " + tid + " stopped by signal " + stopSignal() + (event() != 0 ? " event " + event() : "");
        }
        return "tid " + tid + " killed by signal " + termSignal();
    }
}
