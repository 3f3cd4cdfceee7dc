package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The threads that made a call's events, where events say. Issue 13 gives each event the tid of the
 * thread that made it (a record component named {@code tid}); while {@link AccessEvent} has none, every
 * answer is empty and the thread tests check the byte ranges alone.
 */
final class EventThreads {

    static final Predicate<AccessEvent> READS = AccessEvent.Read.class::isInstance;
    static final Predicate<AccessEvent> WRITES = AccessEvent.Write.class::isInstance;

    private EventThreads() {
    }

    /**
     * The tids of the events of kind {@code which} that touch the buffer {@code label}; empty when the
     * events carry no tid.
     */
    static Optional<Set<Long>> of(CallRecord call, String label, Predicate<AccessEvent> which) {
        AccessRange buffer = Coverage.buffer(call, label).range();
        Set<Long> tids = new TreeSet<>();
        for (AccessEvent event : call.events().accEvents()) {
            OptionalLong tid = tid(event);
            if (tid.isEmpty()) {
                return Optional.empty();
            }
            if (which.test(event) && event.range().overlaps(buffer)) {
                tids.add(tid.getAsLong());
            }
        }
        return Optional.of(tids);
    }

    private static OptionalLong tid(AccessEvent event) {
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getName().equals("tid")) {
                try {
                    return OptionalLong.of(((Number) component.getAccessor().invoke(event)).longValue());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new AssertionError("cannot read the tid of " + event, e);
                }
            }
        }
        return OptionalLong.empty();
    }
}
