package dev.tracedffi.junit.jna;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs one test class through the JUnit Platform in a JVM of its own, prints the summary and exits 0
 * only when at least one test ran and every one succeeded.
 */
public final class FixtureLauncher {

    private FixtureLauncher() {
    }

    public static void main(String[] args) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request().selectors(selectClass(args[0])).build(), listener);
        }
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 30);
        boolean passed = summary.getTestsStartedCount() > 0 && summary.getTotalFailureCount() == 0
                && summary.getTestsSucceededCount() == summary.getTestsStartedCount();
        System.exit(passed ? 0 : 1);
    }
}
