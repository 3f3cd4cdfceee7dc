package dev.tracedffi.junit;

import dev.tracedffi.junit.child.TracedTestMain;
import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.supervisor.ChildSpec;
import dev.tracedffi.supervisor.Supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one test in a child JVM under a fresh supervisor (test JVM side): the child gets this JVM's
 * class path and environment, the system properties set for the tests, the run's
 * {@link TracedFfiConfiguration#forwardedToChild() tracedffi configuration parameters}, and runs
 * {@link TracedTestMain} on the test's unique id. The child is a prepared one from {@link ChildPool}
 * unless {@code tracedffi.prewarm=false}.
 */
final class ChildTestRunner {

    /** System properties that belong to the JVM or to the build tool, never forwarded to the child. */
    private static final List<String> JVM_OWNED_PREFIXES = List.of("java.", "jdk.", "sun.", "os.", "user.", "file.",
            "surefire.", "native.", "stdout.", "stderr.", "awt.", "jnr.ffi.", "idea.");
    private static final Set<String> JVM_OWNED = Set.of("line.separator", "path.separator", "basedir",
            "localRepository");

    private ChildTestRunner() {
    }

    static ChildExit run(String uniqueId, TracedFfiConfiguration run, TracedFfiSettings settings, boolean traced)
            throws InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(uniqueId);
        run.forwardedToChild().forEach((key, value) -> args.add(key + "=" + value));
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("--enable-native-access=ALL-UNNAMED");
        forwardedSystemProperties().forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        jvm.addAll(settings.jvmArgs());
        LaunchConfiguration configuration = LaunchConfiguration.of(jvm, traced, run.strategy());
        if (!run.prewarm()) {
            return Supervisor.run(configuration.spec(TracedTestMain.class.getName(), args, settings.timeout()));
        }
        return ChildPool.SHARED.take(configuration).run(TracedTestMain.class.getName(), args, settings.timeout(),
                System.out::println, System.err::println);
    }

    static Map<String, String> forwardedSystemProperties() {
        Map<String, String> forwarded = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (!JVM_OWNED.contains(key) && JVM_OWNED_PREFIXES.stream().noneMatch(key::startsWith)) {
                forwarded.put(key, v.toString());
            }
        });
        return forwarded;
    }
}
