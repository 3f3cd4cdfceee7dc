package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.supervisor.x86.MemOperand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What one traced call recorded: its accesses to tracked memory, in order, and notes about them. */
final class EventLog {

    private final TrackedPages tracked;
    private final List<AccessEvent> events = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    EventLog(TrackedPages tracked) {
        this.tracked = tracked;
    }

    /** Records the accesses thread {@code tid}'s instruction at {@code ip} made that overlap tracked pages. */
    void recordAccesses(int tid, long ip, List<OperandBytes.Access> accesses) {
        for (OperandBytes.Access access : accesses) {
            if (!tracked.overlaps(access.range())) {
                continue;
            }
            MemOperand op = access.operand();
            if (op.access().reads()) {
                events.add(new AccessEvent.Read(access.range(), ip, tid));
            }
            if (op.access().writes()) {
                boolean certain = access.maskResolved() || !op.access().conditional() && !op.vsib();
                events.add(new AccessEvent.Write(access.range(), certain, ip, tid));
            }
        }
    }

    /** An instruction the decoder does not know touched {@code faultAddress}: a read and an uncertain write. */
    void recordUnknown(int tid, long ip, long faultAddress) {
        AccessRange guess = new AccessRange(faultAddress, 1);
        events.add(new AccessEvent.Read(guess, ip, tid));
        events.add(new AccessEvent.Write(guess, false, ip, tid));
    }

    void addAll(Collection<AccessEvent> kernelAccesses) {
        events.addAll(kernelAccesses);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    void warnAll(Collection<String> more) {
        warnings.addAll(more);
    }

    /** How many events are recorded so far. */
    int size() {
        return events.size();
    }

    /** The events recorded after the first {@code count}. */
    List<AccessEvent> since(int count) {
        return List.copyOf(events.subList(count, events.size()));
    }

    List<AccessEvent> events() {
        return List.copyOf(events);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
