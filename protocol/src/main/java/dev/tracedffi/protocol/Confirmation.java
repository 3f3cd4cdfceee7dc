package dev.tracedffi.protocol;

/** The supervisor accepted the child's last request and acted on it. */
public record Confirmation() implements Message {
}
