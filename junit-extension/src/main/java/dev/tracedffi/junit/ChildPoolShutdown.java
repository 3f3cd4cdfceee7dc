package dev.tracedffi.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Kills the spare children of {@link ChildPool} when the test run ends (registered through
 * {@code META-INF/services}), rather than when the test JVM exits.
 */
public class ChildPoolShutdown implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ChildPool.SHARED.close();
    }
}
