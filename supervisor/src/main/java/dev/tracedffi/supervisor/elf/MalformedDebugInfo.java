package dev.tracedffi.supervisor.elf;

/** Unwind or debug information that does not parse: the lookup that met it gives up, nothing else does. */
public final class MalformedDebugInfo extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedDebugInfo(String message) {
        super(message);
    }
}
