package dev.tracedffi.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The supervisor assigns a prepared child its work: run {@code mainClass}'s {@code main(args)}. A
 * prepared child has connected, handshaked and warmed up, and waits for this message; it is never
 * answered.
 */
public record RunMain(String mainClass, List<String> args) implements Message {
    public RunMain {
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
    }
}
