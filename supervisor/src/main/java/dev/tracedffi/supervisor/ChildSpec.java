package dev.tracedffi.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to launch a child JVM under a supervisor: its main class (run by
 * {@link dev.tracedffi.child.ChildMain} once connected), arguments, JVM options, class path,
 * environment, the session timeout, where its output lines go, and whether its calls are traced.
 *
 * @param traced   false for isolation only: the child runs contained, but no call is traced
 * @param strategy how a traced call's faulting instructions are made to execute
 */
public record ChildSpec(
        String mainClass,
        List<String> args,
        List<String> jvmOptions,
        String classpath,
        Map<String, String> environment,
        Duration timeout,
        Consumer<String> stdout,
        Consumer<String> stderr,
        boolean traced,
        Strategy strategy) {

    /** Options that make a short-lived child start faster without changing what user code sees. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    public ChildSpec {
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classpath, "classpath");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * A traced child with this JVM's class path and environment, a 60 s timeout, output to System.out/err,
     * and the strategy the {@value Strategy#PROPERTY} system property names (displaced by default).
     */
    public static ChildSpec of(String mainClass, String... args) {
        return new ChildSpec(mainClass, List.of(args), DEFAULT_JVM_OPTIONS, System.getProperty("java.class.path"),
                System.getenv(), Duration.ofSeconds(60), System.out::println, System.err::println, true,
                Strategy.configured());
    }

    public ChildSpec withJvmOptions(List<String> options) {
        return new ChildSpec(mainClass, args, options, classpath, environment, timeout, stdout, stderr, traced, strategy);
    }

    public ChildSpec withEnvironment(Map<String, String> env) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, env, timeout, stdout, stderr, traced, strategy);
    }

    public ChildSpec withTimeout(Duration value) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, environment, value, stdout, stderr, traced, strategy);
    }

    public ChildSpec withOutput(Consumer<String> out, Consumer<String> err) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, environment, timeout, out, err, traced, strategy);
    }

    public ChildSpec withTraced(boolean value) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, environment, timeout, stdout, stderr, value, strategy);
    }

    public ChildSpec withStrategy(Strategy value) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, environment, timeout, stdout, stderr, traced, value);
    }

    Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
