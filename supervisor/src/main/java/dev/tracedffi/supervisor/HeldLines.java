package dev.tracedffi.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where a prepared child's output lines go: held until the child is given its work (and with it the
 * sink its output belongs to), then delivered there in order, followed by every later line. In a child
 * that serves several mains, a main's output ends at its boundary ({@link #endAt}); what follows is held
 * again for the next main. The text delivered to the current main is kept (its last MiB) for its report.
 */
final class HeldLines implements Consumer<String> {

    private static final int MAX_KEPT_CHARS = 1 << 20;

    private List<String> held = new ArrayList<>();
    private Consumer<String> sink;
    private final StringBuilder text = new StringBuilder();
    private String boundary;
    private CompletableFuture<String> boundarySeen;

    @Override
    public synchronized void accept(String line) {
        if (boundary != null && line.endsWith(boundary)) {
            String before = line.substring(0, line.length() - boundary.length());
            if (!before.isEmpty()) {
                deliver(before); // the main's last line had no line break
            }
            String mainText = text.toString();
            text.setLength(0);
            sink = null;
            held = new ArrayList<>();
            boundary = null;
            boundarySeen.complete(mainText);
            return;
        }
        deliver(line);
    }

    private void deliver(String line) {
        text.append(line).append('\n');
        if (text.length() > MAX_KEPT_CHARS) {
            text.delete(0, text.length() - MAX_KEPT_CHARS);
        }
        if (sink == null) {
            held.add(line);
        } else {
            sink.accept(line);
        }
    }

    /**
     * From now on lines go to {@code destination}, the held ones first. (Lines of a main whose output did not
     * reach its boundary in time go on to the sink it had, and are not held.)
     */
    synchronized void deliverTo(Consumer<String> destination) {
        if (held != null) {
            held.forEach(destination);
        }
        held = null;
        sink = destination;
    }

    /**
     * From now on the line that ends with {@code marker} ends the current main's output; the result
     * completes with the text delivered to that main when the line arrives.
     */
    synchronized CompletableFuture<String> endAt(String marker) {
        boundary = marker;
        boundarySeen = new CompletableFuture<>();
        return boundarySeen;
    }

    /** The text delivered since the last boundary (its last MiB): the current main's. */
    synchronized String text() {
        return text.toString();
    }
}
