package dev.tracedffi.protocol;

/**
 * The child's first frame: the protocol version it speaks, its process id and the id of the thread
 * that will make traced calls. The supervisor answers {@link Confirmation} once it has proved it can
 * trace that thread, or {@link Refusal} naming what is wrong (another protocol version, say).
 */
public record Hello(int protocolVersion, long pid, long tid) implements Message {
}
