package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.MemEvents;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.util.List;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.check;

/**
 * The child of a call that makes more events than one frame holds: {@code fill_ints} writes args[0]
 * ints one store at a time. The child checks that it got every write, in order, and prints their count.
 */
public final class ManyEventsScenario {

    public interface Tracee {
        void fill_ints(Pointer array, int n, int value);
    }

    private ManyEventsScenario() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Tracee tracee = LibraryLoader.create(Tracee.class).load(System.getProperty("tracedffi.test.library"));
        SupervisorClient client = SupervisorClient.current();
        Pointer array = buffer(client.arena(), "array", 4L * n);

        MemEvents events = client.doFfi("fill_ints", () -> {
            tracee.fill_ints(array, n, 7);
            return null;
        }).events();

        check(inOrder(events.accEvents(), array.address(), n), "the child got " + events.accEvents().size()
                + " events, not " + n + " writes of 4 bytes in address order");
        for (int i = 0; i < n; i++) {
            check(array.getInt(4L * i) == 7, "int " + i + " was not written");
        }
        System.out.println("events " + events.accEvents().size());
    }

    /** Whether {@code events} are exactly the {@code n} 4-byte writes at {@code start}, {@code start + 4}, ... */
    static boolean inOrder(List<AccessEvent> events, long start, int n) {
        if (events.size() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            AccessEvent event = events.get(i);
            if (!(event instanceof AccessEvent.Write) || event.range().addr() != start + 4L * i || event.range().size() != 4) {
                return false;
            }
        }
        return true;
    }
}
