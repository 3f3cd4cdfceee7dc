package dev.tracedffi.junit;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.protocol.StackFrame;

import java.lang.reflect.Proxy;
import java.security.CodeSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Java frames of the test code that called into tracedffi, found with a {@link StackWalker}: frames of
 * tracedffi's own jars (or class directories), and the proxies {@link FfiTracer#traced} makes, are skipped;
 * the test's frames end where JUnit's invocation of the test method begins (reflection frames are not
 * walked). Test classes count as test code
 * whatever their package ({@code dev.tracedffi.samples} too): only the code source tells them apart.
 */
final class CallerFrames {

    /** The traced call's frames shown in reports; a deeper call chain is cut. */
    static final int MAX_FRAMES = 32;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> OWN_CODE = Set.of(location(FfiTracer.class), location(SupervisorClient.class));

    private CallerFrames() {
    }

    /** The innermost frame outside tracedffi: the line that asked for a buffer; null when there is none. */
    static StackFrame allocationSite() {
        return WALKER.walk(frames -> callers(frames).findFirst().map(CallerFrames::frame).orElse(null));
    }

    /** The frames of the test code down to its call into tracedffi, innermost first. */
    static List<StackFrame> ofTracedCall() {
        return WALKER.walk(frames -> callers(frames)
                .takeWhile(f -> !f.getClassName().startsWith("org.junit."))
                .limit(MAX_FRAMES).map(CallerFrames::frame).toList());
    }

    private static Stream<StackWalker.StackFrame> callers(Stream<StackWalker.StackFrame> frames) {
        return frames.dropWhile(f -> isOwnCode(f.getDeclaringClass()));
    }

    private static boolean isOwnCode(Class<?> type) {
        String location = location(type);
        return Proxy.isProxyClass(type) || !location.isEmpty() && OWN_CODE.contains(location);
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "" : source.getLocation().toString();
    }

    private static StackFrame frame(StackWalker.StackFrame f) {
        return new StackFrame(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber());
    }
}
