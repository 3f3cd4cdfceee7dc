package dev.tracedffi.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The supervisor assigns a prepared child its work: run {@code mainClass}'s {@code main(args)}. A
 * prepared child has connected, handshaked and warmed up, and waits for this message; it is never
 * answered.
 *
 * @param awaitNext    false: the child ends after this main, as any child does. True: the child serves
 *                     several mains one after another; when this one returns it ends this main's output
 *                     with {@code outputMarker}, sends {@link MainEnded} and waits for its next RunMain
 * @param outputMarker when {@code awaitNext}: the value whose text ({@link ChildContract#outputBoundary})
 *                     ends this main's last line on standard output and on standard error; chosen by the
 *                     supervisor, so the main's own output cannot end it by chance. 0 otherwise
 */
public record RunMain(String mainClass, List<String> args, boolean awaitNext, long outputMarker) implements Message {

    public RunMain {
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
    }

    /** A main after which the child ends. */
    public RunMain(String mainClass, List<String> args) {
        this(mainClass, args, false, 0);
    }
}
