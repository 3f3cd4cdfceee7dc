package dev.tracedffi.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one traced test: its nearest {@link TracedFfi} (method, then class, then enclosing
 * classes of a {@code @Nested} test) over the run's {@link TracedFfiConfiguration}.
 */
record TracedFfiSettings(Duration timeout, List<String> jvmArgs, boolean failOnOutOfBounds, ChildMode child) {

    TracedFfiSettings {
        jvmArgs = List.copyOf(jvmArgs);
        if (child == ChildMode.CONFIGURED) {
            throw new IllegalArgumentException("a test's child mode is per test or per class");
        }
    }

    static TracedFfiSettings of(ExtensionContext context) {
        return of(nearest(context), TracedFfiConfiguration.of(context));
    }

    /** The annotation's values where it sets them, the run's otherwise. */
    static TracedFfiSettings of(Optional<TracedFfi> annotation, TracedFfiConfiguration run) {
        Duration timeout = annotation.map(TracedFfi::timeoutMillis).filter(millis -> millis != TracedFfi.DEFAULT_TIMEOUT)
                .map(TracedFfiSettings::annotatedTimeout).orElse(run.timeout());
        return new TracedFfiSettings(timeout,
                annotation.map(a -> List.of(a.jvmArgs())).orElse(List.of()),
                annotation.map(TracedFfi::failOnOutOfBounds).orElse(true),
                annotation.map(TracedFfi::child).filter(mode -> mode != ChildMode.CONFIGURED).orElse(run.child()));
    }

    private static Duration annotatedTimeout(long millis) {
        if (millis <= 0) {
            // a zero timeout would mean "wait forever" to Thread.join
            throw new ExtensionConfigurationException("@TracedFfi(timeoutMillis = " + millis + ") must be a positive "
                    + "number of milliseconds, or left unset for the run's " + TracedFfiConfiguration.TIMEOUT);
        }
        return Duration.ofMillis(millis);
    }

    /**
     * The annotation closest to the test: its method, its class (or superclasses), enclosing classes. A
     * dynamic test's own context has neither method nor class: its factory's are its.
     */
    static Optional<TracedFfi> nearest(ExtensionContext test) {
        ExtensionContext context = test;
        while (context.getTestMethod().isEmpty() && context.getTestClass().isEmpty() && context.getParent().isPresent()) {
            context = context.getParent().get();
        }
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
