package dev.tracedffi.protocol;

import java.util.Objects;

/** The supervisor refused the child's last request; {@code reason} says why, for a human. */
public record Refusal(String reason) implements Message {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
    }
}
