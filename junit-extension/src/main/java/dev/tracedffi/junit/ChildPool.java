package dev.tracedffi.junit;

import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.WarmChild;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child JVMs started ahead of the traced tests that will need them (test JVM side): at most one spare
 * per launch configuration, for the few configurations used last. Taking a spare starts the next one,
 * so while a test runs, the next test's child starts and warms up. Each child still serves one test.
 * Thread-safe; spares are killed by {@link #close()} (when the launcher session closes) and otherwise
 * die with this JVM (their parent-death signal).
 */
final class ChildPool {

    static final ChildPool SHARED = new ChildPool();

    /** Each spare is an idle JVM: a run with many configurations keeps spares for the latest few only. */
    private static final int MAX_SPARES = 4;

    /** In order of last use, the least recently used first. */
    private final Map<LaunchConfiguration, WarmChild> spares = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * A prepared child of {@code configuration}: its spare if it has a live one, else one started now.
     * Either way, a new spare starts.
     */
    WarmChild take(LaunchConfiguration configuration) {
        WarmChild taken;
        List<WarmChild> evicted = new ArrayList<>();
        synchronized (this) {
            taken = spares.remove(configuration);
            if (taken == null) {
                taken = Supervisor.prepare(configuration.warmUpSpec());
            }
            spares.put(configuration, Supervisor.prepare(configuration.warmUpSpec()));
            for (Iterator<WarmChild> eldest = spares.values().iterator(); spares.size() > MAX_SPARES; ) {
                evicted.add(eldest.next());
                eldest.remove();
            }
        }
        evicted.forEach(WarmChild::close);
        if (!taken.isAlive()) {
            // it died while waiting: a fresh one tells whether the configuration itself is broken
            taken.close();
            taken = Supervisor.prepare(configuration.warmUpSpec());
        }
        return taken;
    }

    /** Kills every spare and waits until each has been reaped; later takes start new ones. */
    void close() {
        List<WarmChild> closing;
        synchronized (this) {
            closing = new ArrayList<>(spares.values());
            spares.clear();
        }
        closing.forEach(WarmChild::close);
    }
}
