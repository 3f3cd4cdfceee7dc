package dev.tracedffi.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A throwable from the child, as data: its class name, message, stack trace and cause chain. For an
 * assertion failure that carries an expected and an actual value (opentest4j's
 * {@code AssertionFailedError}) their string forms are kept so IDEs can still show a diff.
 *
 * @param message  null when the throwable had none
 * @param expected null unless the throwable carried an expected value
 * @param actual   null unless the throwable carried an actual value
 * @param cause    null at the end of the chain
 */
public record SerializedThrowable(
        String className,
        String message,
        List<StackFrame> stackTrace,
        String expected,
        String actual,
        SerializedThrowable cause) {

    public SerializedThrowable {
        Objects.requireNonNull(className, "className");
        stackTrace = List.copyOf(stackTrace);
    }
}
