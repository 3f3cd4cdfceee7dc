package dev.tracedffi.junit.child;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.junit.ThrowableCodec;
import dev.tracedffi.protocol.TestOutcome;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

import java.util.HashMap;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The child JVM's main class for a traced JUnit test:
 * {@code TracedTestMain <unique id> [key=value configuration parameters...]}. Runs exactly that test
 * (one invocation of a parameterized, repeated or dynamic test) with the JUnit Platform Launcher and
 * reports its outcome to the supervisor, then ends the child. ({@link SharedChildTestMain} runs a test
 * the same way in a child that goes on to the next.)
 */
public final class TracedTestMain {

    /** Created by the first test: a child that the tests of a class share runs the next ones with it too. */
    private static Launcher launcher;

    private TracedTestMain() {
    }

    private static synchronized Launcher launcher() {
        if (launcher == null) {
            launcher = LauncherFactory.create();
        }
        return launcher;
    }

    public static void main(String[] args) {
        runAndReport(args);
        System.out.flush();
        System.err.flush();
        // the test is over: threads it left behind must not keep the child alive
        System.exit(0);
    }

    /** Runs the test {@code args} name and reports its outcome to the supervisor. */
    static void runAndReport(String[] args) {
        String uniqueId = args[0];
        Map<String, String> configuration = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            configuration.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        LauncherDiscoveryRequest discovery = request()
                .selectors(selectUniqueId(uniqueId))
                .configurationParameters(configuration)
                .build();
        OutcomeListener listener = new OutcomeListener(uniqueId);
        launcher().execute(discovery, listener);
        SupervisorClient.current().reportOutcome(listener.outcome());
    }

    /** Finds how the selected test ended, or the container failure that kept it from running. */
    static final class OutcomeListener implements TestExecutionListener {
        private final String uniqueId;
        private TestOutcome outcome;
        private TestOutcome containerFailure;

        OutcomeListener(String uniqueId) {
            this.uniqueId = uniqueId;
        }

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            if (isTargetOrAncestor(identifier)) {
                outcome = new TestOutcome(TestOutcome.Status.ABORTED,
                        ThrowableCodec.serialize(new TestAbortedException("skipped in the child: " + reason)));
            }
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.getUniqueId().equals(uniqueId)) {
                outcome = toOutcome(result);
            } else if (isTargetOrAncestor(identifier) && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                    && containerFailure == null) {
                containerFailure = toOutcome(result);
            }
        }

        private boolean isTargetOrAncestor(TestIdentifier identifier) {
            return uniqueId.startsWith(identifier.getUniqueId());
        }

        private static TestOutcome toOutcome(TestExecutionResult result) {
            TestOutcome.Status status = switch (result.getStatus()) {
                case SUCCESSFUL -> TestOutcome.Status.SUCCESSFUL;
                case ABORTED -> TestOutcome.Status.ABORTED;
                case FAILED -> TestOutcome.Status.FAILED;
            };
            Throwable throwable = result.getThrowable().orElse(
                    status == TestOutcome.Status.SUCCESSFUL ? null : new AssertionError("no throwable reported"));
            return new TestOutcome(status, throwable == null ? null : ThrowableCodec.serialize(throwable));
        }

        TestOutcome outcome() {
            if (outcome != null) {
                return outcome;
            }
            if (containerFailure != null) {
                return containerFailure;
            }
            return new TestOutcome(TestOutcome.Status.FAILED, ThrowableCodec.serialize(new IllegalStateException(
                    "the child JVM did not find the test " + uniqueId + " on its class path")));
        }
    }
}
