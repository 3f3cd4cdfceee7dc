package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells the JVM's own code from native library code. Native code may call back into Java inside a
 * traced call (a qsort comparator); what the callback reads through jnr-ffi pointers is Java's doing,
 * not the library's, so those accesses are left out of the call's events.
 */
final class JvmCode {

    private JvmCode() {
    }

    /**
     * Code of the JVM: libjvm.so, jffi's JNI stub library (jnr-ffi's memory accessors), or anonymous
     * executable memory (the JIT code cache and generated stubs).
     */
    static boolean contains(ProcMaps maps, long ip) {
        Optional<Mapping> mapping = maps.find(ip);
        if (mapping.isEmpty()) {
            return false;
        }
        Mapping m = mapping.get();
        return !m.fileBacked() && m.executable()
                || m.shortName().equals("libjvm.so")
                || m.shortName().startsWith("jffi");
    }

    /**
     * The events made by native library code; a warning says how many the JVM's code made. With no
     * memory map (the child is gone) every event is kept.
     */
    static List<AccessEvent> withoutJvmAccesses(List<AccessEvent> events, ProcMaps maps, List<String> warnings) {
        if (maps.mappings().isEmpty()) {
            return events;
        }
        List<AccessEvent> kept = new ArrayList<>(events.size());
        for (AccessEvent event : events) {
            if (!contains(maps, event.ip())) {
                kept.add(event);
            }
        }
        int dropped = events.size() - kept.size();
        if (dropped > 0) {
            warnings.add(dropped + " accesses made by JVM code (a Java callback) are not recorded as the call's events");
        }
        return kept;
    }
}
