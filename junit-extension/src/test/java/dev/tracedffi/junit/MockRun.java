package dev.tracedffi.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A run as the extension's collaborators see it, made of mocked {@link ExtensionContext}s: a root context
 * with these configuration parameters and a store that keeps what is put in it, and the contexts of the
 * classes and methods below it.
 */
final class MockRun {

    final ExtensionContext root = mock(ExtensionContext.class);
    private final Map<Object, Object> rootStore = new HashMap<>();

    MockRun(Map<String, String> parameters) {
        when(root.getRoot()).thenReturn(root);
        when(root.getConfigurationParameter(anyString()))
                .thenAnswer(call -> Optional.ofNullable(parameters.get(call.<String>getArgument(0))));
        ExtensionContext.Store store = mock(ExtensionContext.Store.class);
        when(root.getStore(any())).thenReturn(store);
        when(store.getOrComputeIfAbsent(any(), any(), any())).thenAnswer(call -> {
            Function<Object, Object> compute = call.getArgument(1);
            return rootStore.computeIfAbsent(call.getArgument(0), compute);
        });
    }

    /** A class's context; it has no test method. */
    ExtensionContext classContext(Class<?> testClass) {
        ExtensionContext context = mock(ExtensionContext.class);
        when(context.getRoot()).thenReturn(root);
        when(context.getTestClass()).thenReturn(Optional.of(testClass));
        when(context.getTestMethod()).thenReturn(Optional.empty());
        return context;
    }

    /** The context of the method {@code name} (without parameters) of {@code testClass}. */
    ExtensionContext methodContext(Class<?> testClass, String name) {
        ExtensionContext context = classContext(testClass);
        try {
            Method method = testClass.getDeclaredMethod(name);
            when(context.getTestMethod()).thenReturn(Optional.of(method));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(e);
        }
        return context;
    }
}
