package dev.tracedffi.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * When the test run ends (registered through {@code META-INF/services}), brings the tracedffi report's index
 * up to date and prints where it is; silent when no traced test ran.
 */
public class ReportIndexAnnouncer implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TracedTestReports.flush();
        TracedTestReports.indexFiles().forEach(index -> System.out.println("tracedffi report: " + index));
    }
}
