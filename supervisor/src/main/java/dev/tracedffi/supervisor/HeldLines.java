package dev.tracedffi.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a prepared child's output lines go: held until the child is given its work (and with it the
 * sink its output belongs to), then delivered there in order, followed by every later line.
 */
final class HeldLines implements Consumer<String> {

    private List<String> held = new ArrayList<>();
    private Consumer<String> sink;

    @Override
    public synchronized void accept(String line) {
        if (sink == null) {
            held.add(line);
        } else {
            sink.accept(line);
        }
    }

    synchronized void deliverTo(Consumer<String> destination) {
        held.forEach(destination);
        held = null;
        sink = destination;
    }
}
