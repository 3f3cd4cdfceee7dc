package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.CallRecord;
import dev.tracedffi.supervisor.CrashReport;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tracer saw of one call: how it ended, the accesses recorded until then (from every
 * instruction, JVM code included: the caller tells them apart while the child's memory map exists),
 * notes about accesses it could not decode exactly, for a crash or a timeout where it happened, and
 * the first access of each instruction that faulted on tracked memory, by ip (its stack unwound while
 * the thread was stopped there; symbolize it while the child's map exists).
 */
public record CallTrace(CallRecord.Ending ending, List<AccessEvent> events, List<String> warnings,
                        Optional<CrashReport> crash, Optional<String> hangLocation, Map<Long, FirstAccess> firstAccesses) {

    public CallTrace {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
        firstAccesses = Map.copyOf(firstAccesses);
    }
}
