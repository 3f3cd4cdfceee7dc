package dev.tracedffi.junit.report;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which tests the JUnit Platform Launcher is running in this JVM, so a report can tell a fixture from
 * one of the build's own tests. Registered through {@code META-INF/services}, so every Launcher (surefire's,
 * Gradle's, an IDE's) notifies it; EngineTestKit runs an engine without a Launcher and never does.
 *
 * <p>A traced test is a fixture when, on the thread reporting it, a test other than itself is running: the
 * test that called {@code EngineTestKit...execute()} (or a Launcher of its own) and is waiting for it. When
 * the nested run executes on other threads (in parallel), a test that no Launcher started while others are
 * running is a fixture too: of the one running test, or of an unknown one when several are.
 */
public final class RunningTests implements TestExecutionListener {

    private static final Map<String, RanBy> RUNNING = new ConcurrentHashMap<>();
    /** Per thread, the tests started on it and still running, innermost first. */
    private static final ThreadLocal<Deque<RanBy>> ON_THREAD = ThreadLocal.withInitial(ArrayDeque::new);

    /** Instantiated by the JUnit Platform's service loading. */
    public RunningTests() {
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            RanBy running = new RanBy(test.getUniqueId(), className(test.getSource().orElse(null)), test.getDisplayName());
            RUNNING.put(test.getUniqueId(), running);
            ON_THREAD.get().push(running);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            RanBy running = RUNNING.remove(test.getUniqueId());
            if (running != null) {
                ON_THREAD.get().removeFirstOccurrence(running);
            }
        }
    }

    /** The test that ran the test {@code uniqueId} through the platform, empty for one of the build's own. */
    public static Optional<RanBy> ranBy(String uniqueId) {
        for (RanBy outer : ON_THREAD.get()) {
            // an entry left by a test that finished on another thread is no longer running
            if (!outer.uniqueId().equals(uniqueId) && RUNNING.containsKey(outer.uniqueId())) {
                return Optional.of(outer);
            }
        }
        if (RUNNING.isEmpty() || RUNNING.containsKey(uniqueId)) {
            return Optional.empty();
        }
        if (RUNNING.size() == 1) {
            return RUNNING.values().stream().findFirst();
        }
        return Optional.of(new RanBy("", "", "one of the " + RUNNING.size() + " tests running at the time"));
    }

    /** The test {@code name} (a unique id, or any name) given by {@link RanBy#PARAMETER}. */
    public static RanBy named(String name) {
        RanBy running = RUNNING.get(name);
        return running != null ? running : new RanBy(name, "", name);
    }

    private static String className(TestSource source) {
        if (source instanceof MethodSource method) {
            return method.getClassName();
        }
        return source instanceof ClassSource type ? type.getClassName() : "";
    }
}
