package dev.tracedffi.junit.child;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The warm-up of a prepared child, before it knows its test: discovers and runs an empty test with
 * the JUnit Platform Launcher, so the launcher, the engines and their execution path are loaded and
 * compiled before {@link TracedTestMain} is given the real test. Listeners registered through
 * {@code META-INF/services} are left out: to them, the child runs its one test only.
 */
public final class TracedTestWarmUp {

    private TracedTestWarmUp() {
    }

    public static void main(String[] args) {
        LauncherConfig engineOnly = LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .build();
        LauncherFactory.create(engineOnly).execute(request().selectors(selectClass(Empty.class)).build(),
                new SummaryGeneratingListener());
    }

    /** Runs in the warm-up only. */
    public static final class Empty {
        @Test
        void nothing() {
        }
    }
}
