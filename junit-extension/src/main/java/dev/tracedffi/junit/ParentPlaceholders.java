package dev.tracedffi.junit;

import java.lang.reflect.Proxy;

/**
 * Stand-ins for {@link NativeMemory} and {@link FfiTracer} in the test JVM, where JUnit resolves a
 * traced test's parameters although the test only runs in the child. Any use is a bug: it throws.
 */
final class ParentPlaceholders {

    private ParentPlaceholders() {
    }

    static Object of(Class<?> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " (placeholder: the test runs in a child JVM)";
            }
            throw new IllegalStateException(type.getSimpleName() + " is only usable inside the traced child JVM");
        });
    }
}
