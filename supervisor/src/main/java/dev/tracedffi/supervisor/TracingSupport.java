package dev.tracedffi.supervisor;

/** Whether this machine lets tracedffi trace a child; if not, {@code reason} says exactly why. */
public record TracingSupport(boolean available, String reason) {

    public static TracingSupport supported() {
        return new TracingSupport(true, "ptrace works here");
    }

    public static TracingSupport unsupported(String reason) {
        return new TracingSupport(false, reason);
    }
}
