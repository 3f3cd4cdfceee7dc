package dev.tracedffi.junit;

import dev.tracedffi.junit.child.SharedChildTestMain;
import dev.tracedffi.junit.report.ChildJvm;
import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.WarmChild;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The child JVMs the tests of one class (with its {@code @Nested} classes) share in per-class mode (test
 * JVM side): one per launch configuration, kept in the class's extension store and killed when the class
 * is done. The class's tests
 * run one after another in it (one at a time, even under parallel execution); a test that ends the child
 * (crash, exit, signal, timeout) leaves the next test a fresh one.
 */
final class ClassChildren implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClassChildren.class);

    private final Map<LaunchConfiguration, WarmChild> children = new HashMap<>();

    /**
     * The children of the class the test {@code context} belongs to; a {@code @Nested} class's tests belong to
     * its outermost enclosing class (a store sees its parents' values, so they would share them anyway, or
     * not, depending on which ran first).
     */
    static ClassChildren of(ExtensionContext context) {
        ExtensionContext classContext = context;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().orElse(null) instanceof Class<?>) {
                classContext = c;
            }
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ClassChildren.class, key -> new ClassChildren(),
                ClassChildren.class);
    }

    /**
     * Runs the test {@code args} name in the class's child of {@code configuration}, started now if the class
     * has none or its last one ended.
     */
    synchronized ChildRun run(LaunchConfiguration configuration, boolean prewarm, List<String> args, Duration timeout)
            throws InterruptedException {
        while (true) {
            WarmChild child = childFor(configuration, prewarm);
            Optional<ChildExit> exit = child.runAndKeep(SharedChildTestMain.class.getName(), args, timeout,
                    System.out::println, System.err::println);
            if (!child.isAlive()) {
                children.remove(configuration);
            }
            if (exit.isPresent()) {
                return new ChildRun(exit.get(), new ChildJvm(child.pid().orElse(0), child.mainsStarted(), true));
            }
            // the child ended after an earlier test, before it could start this one: a fresh child runs it
        }
    }

    private WarmChild childFor(LaunchConfiguration configuration, boolean prewarm) {
        WarmChild child = children.get(configuration);
        if (child != null && child.isAlive()) {
            return child;
        }
        if (child != null) {
            child.close();
        }
        WarmChild fresh = prewarm ? ChildPool.SHARED.take(configuration) : Supervisor.prepare(configuration.warmUpSpec());
        children.put(configuration, fresh);
        return fresh;
    }

    /** Kills the class's children when its tests are done (Jupiter closes the store's values). */
    @Override
    public synchronized void close() {
        List<WarmChild> closing = new ArrayList<>(children.values());
        children.clear();
        closing.forEach(WarmChild::close);
    }
}
