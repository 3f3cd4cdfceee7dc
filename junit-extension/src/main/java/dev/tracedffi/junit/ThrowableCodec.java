package dev.tracedffi.junit;

import dev.tracedffi.protocol.SerializedThrowable;
import dev.tracedffi.protocol.StackFrame;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Carries a throwable across the process boundary: the child turns it into data, the test JVM
 * rebuilds it with the same type where it can (the same class with a message constructor,
 * {@link AssertionFailedError} with its expected and actual values, for IDE diffs), the same
 * message, stack trace and cause chain.
 */
public final class ThrowableCodec {

    /** A longer cause chain (or a cycle) is cut here. */
    static final int MAX_CAUSES = 32;

    private ThrowableCodec() {
    }

    public static SerializedThrowable serialize(Throwable throwable) {
        return serialize(throwable, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static SerializedThrowable serialize(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t) || seen.size() > MAX_CAUSES) {
            return null;
        }
        List<StackFrame> frames = new ArrayList<>();
        for (StackTraceElement element : t.getStackTrace()) {
            frames.add(StackFrame.of(element));
        }
        String expected = null;
        String actual = null;
        if (t instanceof AssertionFailedError failure) {
            expected = failure.isExpectedDefined() ? failure.getExpected().getStringRepresentation() : null;
            actual = failure.isActualDefined() ? failure.getActual().getStringRepresentation() : null;
        }
        return new SerializedThrowable(t.getClass().getName(), t.getMessage(), frames, expected, actual,
                serialize(t.getCause(), seen));
    }

    /**
     * Rebuilds the throwable: the same class when it has a public constructor for its message (and
     * cause), else a {@link RemoteAssertionError} or {@link RemoteException} whose message names it.
     */
    public static Throwable deserialize(SerializedThrowable data) {
        Throwable cause = data.cause() == null ? null : deserialize(data.cause());
        Throwable rebuilt = instantiate(data, cause);
        if (cause != null && rebuilt.getCause() == null) {
            try {
                rebuilt.initCause(cause);
            } catch (IllegalStateException e) {
                // the constructor fixed the cause already
            }
        }
        StackTraceElement[] trace = new StackTraceElement[data.stackTrace().size()];
        for (int i = 0; i < trace.length; i++) {
            trace[i] = data.stackTrace().get(i).toStackTraceElement();
        }
        rebuilt.setStackTrace(trace);
        return rebuilt;
    }

    private static Throwable instantiate(SerializedThrowable data, Throwable cause) {
        String className = data.className();
        if (className.equals(AssertionFailedError.class.getName()) && (data.expected() != null || data.actual() != null)) {
            return new AssertionFailedError(data.message(), data.expected(), data.actual());
        }
        if (className.equals(TestAbortedException.class.getName())) {
            return new TestAbortedException(data.message());
        }
        try {
            Class<?> type = Class.forName(className, false, ThrowableCodec.class.getClassLoader());
            if (Throwable.class.isAssignableFrom(type)) {
                Throwable rebuilt = construct(type.asSubclass(Throwable.class), data.message(), cause);
                if (rebuilt != null) {
                    return rebuilt;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not loadable here: fall back below
        }
        String text = className + (data.message() == null ? "" : ": " + data.message());
        return isAssertionError(className)
                ? new RemoteAssertionError(text, cause) : new RemoteException(text, cause);
    }

    /** Through a public (String), (String, Throwable) or (Throwable) constructor; null if there is none. */
    private static Throwable construct(Class<? extends Throwable> type, String message, Throwable cause) {
        try {
            return type.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // try the next shape
        }
        try {
            return type.getConstructor(String.class, Throwable.class).newInstance(message, cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // try the next shape
        }
        if (cause != null && cause.toString().equals(message)) {
            for (var constructor : type.getConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0].isInstance(cause)) {
                    try {
                        return (Throwable) constructor.newInstance(cause);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isAssertionError(String className) {
        try {
            return AssertionError.class.isAssignableFrom(
                    Class.forName(className, false, ThrowableCodec.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** An assertion failure from the child whose own class could not be rebuilt; still a test failure. */
    public static final class RemoteAssertionError extends AssertionError {
        RemoteAssertionError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A throwable from the child whose class could not be rebuilt here; its message names the class. */
    public static final class RemoteException extends RuntimeException {
        RemoteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
