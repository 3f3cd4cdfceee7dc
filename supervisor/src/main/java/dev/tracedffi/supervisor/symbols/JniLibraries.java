package dev.tracedffi.supervisor.symbols;

import java.util.regex.Pattern;

/**
 * The shared libraries on the JVM's side of the JNI boundary, told apart by the names their mappings
 * carry: libjvm.so, and the stub libraries of the Java bindings, whose code makes every native call
 * (libffi is linked into them statically) and every access of the bindings' Java memory accessors
 * (jnr-ffi's {@code Pointer.putInt}, JNA's {@code Pointer.setInt} and {@code Structure.read/write}).
 */
public final class JniLibraries {

    /**
     * jffi's stub library, extracted as {@code jffi<digits>.so}; JNA's {@code libjnidispatch.so} as installed
     * (a packaged JNA may add a suffix, {@code libjnidispatch.system.so}), or extracted from JNA's jar as
     * {@code jna<digits>.tmp}, which JNA deletes once loaded.
     */
    private static final Pattern BINDING_STUBS =
            Pattern.compile("jffi.*|libjnidispatch(\\..+)?\\.so|jna\\d+\\.tmp");
    private static final String DELETED = " (deleted)";

    private JniLibraries() {
    }

    public static boolean isJvm(Mapping mapping) {
        return mapping.shortName().equals("libjvm.so");
    }

    /** Whether {@code mapping} is a Java binding's JNI stub library (jffi's or JNA's). */
    public static boolean isBindingStubs(Mapping mapping) {
        String name = mapping.shortName();
        if (name.endsWith(DELETED)) {
            name = name.substring(0, name.length() - DELETED.length());
        }
        return BINDING_STUBS.matcher(name).matches();
    }

    /** libjvm.so or a binding's stub library: where native frames end. */
    public static boolean isJniBoundary(Mapping mapping) {
        return isJvm(mapping) || isBindingStubs(mapping);
    }
}
