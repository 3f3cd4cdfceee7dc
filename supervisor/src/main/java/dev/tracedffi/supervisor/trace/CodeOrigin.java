package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.supervisor.symbols.JniLibraries;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whose code an instruction is. It answers the tracer's two questions about an address: are its
 * accesses the call's events (only native code's are: a Java callback reading arena memory through
 * jnr-ffi, or JNA writing a {@code Structure} before the call, is Java's doing), and does a fault
 * there belong to the JVM (HotSpot raises SIGSEGV in its own code on purpose: implicit null checks,
 * safepoint polls) or is it a native crash.
 */
public enum CodeOrigin {

    /** libjvm.so and the JVM's generated code (its code heap: JIT code, the interpreter, stubs). */
    JVM,
    /**
     * A Java binding's JNI stub library (jffi's for jnr-ffi, jnidispatch for JNA): the bindings' memory
     * accessors, JNA's {@code Structure} reads and writes around a call, and the boundary of every call.
     */
    JNI_STUBS,
    /**
     * Everything else: native libraries, the vDSO, code native code generated (anonymous executable
     * memory outside the JVM's code heap), and addresses in no mapping (a jump to a wild pointer).
     */
    NATIVE;

    public static CodeOrigin of(ProcMaps maps, JvmCodeHeap codeHeap, long ip) {
        if (codeHeap.contains(ip)) {
            return JVM;
        }
        Optional<Mapping> mapping = maps.find(ip);
        if (mapping.isEmpty()) {
            return NATIVE;
        }
        if (JniLibraries.isJvm(mapping.get())) {
            return JVM;
        }
        return JniLibraries.isBindingStubs(mapping.get()) ? JNI_STUBS : NATIVE;
    }

    /** Whether a fault raised by this code is the JVM's business, to be forwarded to it. */
    boolean ownsItsFaults() {
        return this == JVM;
    }

    /**
     * The events made by native code; a warning says how many the JVM's code made. With no memory map
     * (the child is gone) every event is kept.
     */
    public static List<AccessEvent> nativeAccesses(List<AccessEvent> events, ProcMaps maps, JvmCodeHeap codeHeap,
                                                   List<String> warnings) {
        if (maps.mappings().isEmpty()) {
            return events;
        }
        List<AccessEvent> kept = new ArrayList<>(events.size());
        for (AccessEvent event : events) {
            if (of(maps, codeHeap, event.ip()) == NATIVE) {
                kept.add(event);
            }
        }
        int dropped = events.size() - kept.size();
        if (dropped > 0) {
            warnings.add(dropped + " accesses made by JVM code (a Java callback, a binding's memory accessors)"
                    + " are not recorded as the call's events");
        }
        return kept;
    }
}
