package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.CallRecord;
import dev.tracedffi.supervisor.CrashReport;

import java.util.List;
import java.util.Optional;

/**
 * What the tracer saw of one call: how it ended, the accesses recorded until then (from every
 * instruction, JVM code included: the caller tells them apart while the child's memory map exists),
 * notes about accesses it could not decode exactly, and for a crash or a timeout where it happened.
 */
public record CallTrace(CallRecord.Ending ending, List<AccessEvent> events, List<String> warnings,
                        Optional<CrashReport> crash, Optional<String> hangLocation) {

    public CallTrace {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }
}
