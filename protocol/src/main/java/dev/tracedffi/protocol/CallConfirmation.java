package dev.tracedffi.protocol;

/**
 * The supervisor traces the call the child asked for: the calling thread is seized. The child raises
 * the end marker ({@link ChildContract#END_MARKER_SIGNAL}) with {@code endMarkerNonce} as its
 * {@code si_value}: a SIGURG without it (Go's runtime preempts its threads with SIGURG) is an ordinary
 * signal, delivered to the child, and the call stays traced.
 */
public record CallConfirmation(long endMarkerNonce) implements Message {
}
