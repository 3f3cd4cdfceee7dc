package dev.tracedffi.junit.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Whether a test runs inside a run that another test launched, seen from inside the tests themselves, with
 * the real JUnit Platform: this test's Launcher (surefire's, through service loading), a Launcher this test
 * starts, and EngineTestKit inside the test that Launcher runs.
 */
class RunningTestsTest {

    /** What {@link RunningTests#ranBy} said to each test, by display name; empty when it said nothing. */
    static final Map<String, Optional<RanBy>> SEEN = new ConcurrentHashMap<>();

    /** Asks, as TracedTestReports does, before each test of the class it is registered in. */
    static final class Asking implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            SEEN.put(context.getDisplayName(), RunningTests.ranBy(context.getUniqueId()));
        }
    }

    /** Runs {@link Inner} through EngineTestKit, as the samples run their fixtures. */
    static class Outer {
        @RegisterExtension
        static final Asking ASKING = new Asking();

        @Test
        void runsTheFixture() {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(Inner.class)).execute()
                    .testEvents().assertStatistics(s -> s.succeeded(1));
        }
    }

    static class Inner {
        @RegisterExtension
        static final Asking ASKING = new Asking();

        @Test
        void fixture() {
        }
    }

    @Test
    void testsRunInsideAnotherTestsRunKnowWhichTestRanThem() {
        SEEN.clear();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(Outer.class)).build(), summary);
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);

        // the Launcher's test was started by the Launcher inside this test: this test ran it
        assertThat(SEEN.get("runsTheFixture()")).get()
                .extracting(RanBy::className, RanBy::displayName)
                .containsExactly(RunningTestsTest.class.getName(), "testsRunInsideAnotherTestsRunKnowWhichTestRanThem()");
        // EngineTestKit tells no Launcher: the fixture is run by the test on its thread, Outer's
        RanBy outer = SEEN.get("fixture()").orElseThrow();
        assertThat(outer.className()).isEqualTo(Outer.class.getName());
        assertThat(outer.displayName()).isEqualTo("runsTheFixture()");
        assertThat(outer.uniqueId()).endsWith("[method:runsTheFixture()]");
    }

    @Test
    void theBuildsOwnTestIsRunByNoOne() {
        // this test: surefire's Launcher started it on this thread, and nothing runs below it
        String self = "[engine:junit-jupiter]/[class:" + RunningTestsTest.class.getName()
                + "]/[method:theBuildsOwnTestIsRunByNoOne()]";
        assertThat(RunningTests.ranBy(self)).isEmpty();
        // a test no Launcher started while this one runs on another thread: run by this one, the only one running
        assertThat(RunningTests.ranBy("[engine:junit-jupiter]/[class:Elsewhere]/[method:t()]")).get()
                .extracting(RanBy::uniqueId).isEqualTo(self);
    }

    @Test
    void aTestNamedByTheParameterIsDescribedWhileItRuns() {
        String self = "[engine:junit-jupiter]/[class:" + RunningTestsTest.class.getName()
                + "]/[method:aTestNamedByTheParameterIsDescribedWhileItRuns()]";
        assertThat(RunningTests.named(self)).isEqualTo(new RanBy(self, RunningTestsTest.class.getName(),
                "aTestNamedByTheParameterIsDescribedWhileItRuns()"));
        assertThat(RunningTests.named("my fixture runner")).isEqualTo(new RanBy("my fixture runner", "", "my fixture runner"));
    }
}
