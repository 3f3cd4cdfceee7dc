package dev.tracedffi.junit;

import dev.tracedffi.junit.child.TracedTestWarmUp;
import dev.tracedffi.supervisor.ChildSpec;
import dev.tracedffi.supervisor.Strategy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything that makes two traced tests' children different before either knows its test: a
 * prepared child serves only a test with an equal configuration.
 */
record LaunchConfiguration(List<String> jvmOptions, String classpath, Map<String, String> environment,
                           boolean traced, Strategy strategy) {

    LaunchConfiguration {
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
    }

    /** This JVM's class path and environment. */
    static LaunchConfiguration of(List<String> jvmOptions, boolean traced, Strategy strategy) {
        return new LaunchConfiguration(jvmOptions, System.getProperty("java.class.path"), System.getenv(), traced,
                strategy);
    }

    /** The spec of a prepared child of this configuration; its timeout and output are given at assignment. */
    ChildSpec warmUpSpec() {
        return new ChildSpec(TracedTestWarmUp.class.getName(), List.of(), jvmOptions, classpath, environment,
                Duration.ZERO, line -> { }, line -> { }, traced, strategy);
    }

    /** The spec of a child launched for {@code mainClass} when it starts. */
    ChildSpec spec(String mainClass, List<String> args, Duration timeout) {
        return new ChildSpec(mainClass, args, jvmOptions, classpath, environment, timeout, System.out::println,
                System.err::println, traced, strategy);
    }
}
