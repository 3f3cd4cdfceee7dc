package dev.tracedffi.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Prints where the tracedffi report is when the test run ends (registered through
 * {@code META-INF/services}); silent when no traced test ran.
 */
public class ReportIndexAnnouncer implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TracedTestReports.indexFiles().forEach(index -> System.out.println("tracedffi report: " + index));
    }
}
