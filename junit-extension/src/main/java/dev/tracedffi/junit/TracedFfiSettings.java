package dev.tracedffi.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one traced test: its nearest {@link TracedFfi} (method, then class, then enclosing
 * classes of a {@code @Nested} test) and the run's configuration parameters.
 */
record TracedFfiSettings(Duration timeout, List<String> jvmArgs, boolean failOnOutOfBounds, Mode mode,
                         boolean prewarm, Optional<String> simulatedUnavailability) {

    /** {@code tracedffi.mode}: trace (default), or isolate (a child without tracing). */
    enum Mode { TRACE, ISOLATE }

    static final String TIMEOUT = "tracedffi.timeout";
    static final String MODE = "tracedffi.mode";
    /** {@code tracedffi.prewarm}: start each test's child while the previous test runs (default true). */
    static final String PREWARM = "tracedffi.prewarm";
    /** Testing aid: pretend tracing is unavailable here, with this reason. */
    static final String SIMULATE_UNAVAILABLE = "tracedffi.simulateUnavailable";
    static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

    static TracedFfiSettings of(ExtensionContext context) {
        TracedFfi annotation = nearest(context).orElse(null);
        long timeout = annotation != null && annotation.timeoutMillis() != TracedFfi.DEFAULT_TIMEOUT
                ? annotation.timeoutMillis()
                : context.getConfigurationParameter(TIMEOUT).map(Long::parseLong).orElse(DEFAULT_TIMEOUT_MILLIS);
        Mode mode = context.getConfigurationParameter(MODE)
                .map(value -> Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT)))
                .orElse(Mode.TRACE);
        return new TracedFfiSettings(Duration.ofMillis(timeout),
                annotation == null ? List.of() : List.of(annotation.jvmArgs()),
                annotation == null || annotation.failOnOutOfBounds(),
                mode,
                context.getConfigurationParameter(PREWARM, Boolean::parseBoolean).orElse(true),
                context.getConfigurationParameter(SIMULATE_UNAVAILABLE));
    }

    /** The annotation closest to the test: its method, its class (or superclasses), enclosing classes. */
    static Optional<TracedFfi> nearest(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Optional<TracedFfi> onMethod = find(method.get());
            if (onMethod.isPresent()) {
                return onMethod;
            }
        }
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            Optional<TracedFfi> onClass = find(type);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    private static Optional<TracedFfi> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, TracedFfi.class);
    }
}
