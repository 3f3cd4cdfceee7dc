package dev.tracedffi.protocol;

/**
 * A child that serves several mains ({@link RunMain#awaitNext()}) says its current main has returned: its
 * output is marked with {@code outputMarker} (the RunMain's) and it waits for its next RunMain.
 */
public record MainEnded(long outputMarker) implements Message {
}
