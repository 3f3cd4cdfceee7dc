package dev.tracedffi.supervisor;

import java.util.Locale;

/** How the tracer makes an instruction that faulted on a tracked page execute. */
public enum Strategy {

    /**
     * One stop per access: the instruction runs from a trampoline, re-encoded to address the arena's
     * read-write alias view; whatever cannot be relocated falls back to {@link #SINGLESTEP}.
     */
    DISPLACED,

    /** Four stops per access: open the pages by injected mprotect, single-step, close them again. */
    SINGLESTEP;

    /** The system property that chooses the strategy of children launched by {@link ChildSpec#of}. */
    public static final String PROPERTY = "tracedffi.strategy";

    /** The strategy the {@value #PROPERTY} system property names, {@link #DISPLACED} when unset. */
    public static Strategy configured() {
        String value = System.getProperty(PROPERTY, "");
        return value.isBlank() ? DISPLACED : parse(value);
    }

    public static Strategy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be displaced or singlestep, not '" + name + "'", e);
        }
    }
}
