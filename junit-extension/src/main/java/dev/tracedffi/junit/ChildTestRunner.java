package dev.tracedffi.junit;

import dev.tracedffi.junit.child.TracedTestMain;
import dev.tracedffi.junit.report.ChildJvm;
import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.supervisor.ChildSpec;
import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.WarmChild;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one test in a child JVM (test JVM side): the child gets this JVM's class path and environment,
 * the system properties set for the tests, the run's
 * {@link TracedFfiConfiguration#forwardedToChild() tracedffi configuration parameters}, and runs
 * {@link TracedTestMain} on the test's unique id. The child is a prepared one from {@link ChildPool}
 * unless {@code tracedffi.prewarm=false}; in per-class mode it is the class's ({@link ClassChildren}).
 */
final class ChildTestRunner {

    /** System properties that belong to the JVM or to the build tool, never forwarded to the child. */
    private static final List<String> JVM_OWNED_PREFIXES = List.of("java.", "jdk.", "sun.", "os.", "user.", "file.",
            "surefire.", "native.", "stdout.", "stderr.", "awt.", "jnr.ffi.", "idea.");
    private static final Set<String> JVM_OWNED = Set.of("line.separator", "path.separator", "basedir",
            "localRepository");

    private ChildTestRunner() {
    }

    /**
     * Runs the test of {@code context} in a child: the class's shared child in per-class mode, unless the
     * test expects its child to end; a fresh one otherwise.
     */
    static ChildRun run(ExtensionContext context, TracedFfiConfiguration run, TracedFfiSettings settings,
                        boolean traced) throws InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(context.getUniqueId());
        run.forwardedToChild().forEach((key, value) -> args.add(key + "=" + value));
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.add("--enable-native-access=ALL-UNNAMED");
        forwardedSystemProperties().forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        jvm.addAll(settings.jvmArgs());
        LaunchConfiguration configuration = LaunchConfiguration.of(jvm, traced, run.strategy());
        if (sharesTheClassChild(context, settings)) {
            return ClassChildren.of(context).run(configuration, run.prewarm(), args, settings.timeout());
        }
        if (!run.prewarm()) {
            return new ChildRun(Supervisor.run(configuration.spec(TracedTestMain.class.getName(), args,
                    settings.timeout())), null);
        }
        WarmChild child = ChildPool.SHARED.take(configuration);
        ChildExit exit = child.run(TracedTestMain.class.getName(), args, settings.timeout(), System.out::println,
                System.err::println);
        return new ChildRun(exit, child.pid().isPresent() ? ChildJvm.own(child.pid().getAsInt()) : null);
    }

    /** A test that expects its child to end ({@link ExpectExit}, {@link ExpectSignal}) gets one of its own. */
    private static boolean sharesTheClassChild(ExtensionContext context, TracedFfiSettings settings) {
        return settings.child() == ChildMode.PER_CLASS && context.getTestMethod()
                .map(method -> !AnnotationSupport.isAnnotated(method, ExpectExit.class)
                        && !AnnotationSupport.isAnnotated(method, ExpectSignal.class))
                .orElse(true);
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
