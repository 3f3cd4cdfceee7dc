package dev.tracedffi.protocol;

import java.util.Objects;

/** One element of a stack trace that crossed the process boundary; a {@link StackTraceElement} minus the module. */
public record StackFrame(String className, String methodName, String fileName, int lineNumber) {
    public StackFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
    }

    public static StackFrame of(StackTraceElement e) {
        return new StackFrame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
    }

    public StackTraceElement toStackTraceElement() {
        return new StackTraceElement(className, methodName, fileName, lineNumber);
    }
}
