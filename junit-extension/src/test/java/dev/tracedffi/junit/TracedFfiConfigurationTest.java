package dev.tracedffi.junit;

import dev.tracedffi.supervisor.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class TracedFfiConfigurationTest {

    @Test
    void nothingSetGivesTheDefaultsTheReadmeDocuments() {
        TracedFfiConfiguration run = TracedFfiConfiguration.parse(key -> Optional.empty());

        assertThat(run.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(run.mode()).isEqualTo(TracedFfiConfiguration.Mode.TRACE);
        assertThat(run.prewarm()).isTrue();
        assertThat(run.child()).isEqualTo(ChildMode.PER_TEST);
        assertThat(run.strategy()).isEqualTo(Strategy.DISPLACED);
        assertThat(run.simulatedUnavailability()).isEmpty();
        assertThat(run.reports()).isEqualTo(Path.of("target", "tracedffi-reports"));
        assertThat(run.forwardedToChild()).isEmpty();
    }

    @Test
    void aNestedRunWithoutTheReportKeysWritesIntoTheBuildsIndex() {
        // EngineTestKit passes no system properties as configuration parameters; the build sets these two
        Map<String, String> jvmWide = Map.of("tracedffi.reports", "/build/reports", "tracedffi.reports.run", "build-7");
        TracedFfiConfiguration nested = TracedFfiConfiguration.parse(key -> Optional.empty(),
                key -> Optional.ofNullable(jvmWide.get(key)));
        TracedFfiConfiguration own = TracedFfiConfiguration.parse(
                key -> key.equals("tracedffi.reports.run") ? Optional.of("mine") : Optional.empty(),
                key -> Optional.ofNullable(jvmWide.get(key)));

        assertThat(nested.reports()).isEqualTo(Path.of("/build/reports"));
        assertThat(nested.reportsRun()).isEqualTo("build-7");
        assertThat(own.reportsRun()).as("a run's own parameter wins").isEqualTo("mine");
        assertThat(TracedFfiConfiguration.parse(key -> Optional.empty(), key -> Optional.ofNullable(
                key.equals("tracedffi.timeout") ? "5" : null)).timeout()).as("only the report keys are JVM-wide")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void everyKeyIsReadCaseAndSpaceInsensitivelyWhereItNamesAChoice() {
        TracedFfiConfiguration run = TracedFfiConfiguration.of(new MockRun(Map.of(
                "tracedffi.timeout", "1500",
                "tracedffi.mode", " Isolate ",
                "tracedffi.prewarm", "FALSE",
                "tracedffi.child", " Per-Class",
                "tracedffi.strategy", "singleStep",
                "tracedffi.simulateUnavailable", "no ptrace on Mars",
                "tracedffi.reports", "/tmp/elsewhere")).root);

        assertThat(run.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(run.mode()).isEqualTo(TracedFfiConfiguration.Mode.ISOLATE);
        assertThat(run.prewarm()).isFalse();
        assertThat(run.child()).isEqualTo(ChildMode.PER_CLASS);
        assertThat(run.strategy()).isEqualTo(Strategy.SINGLESTEP);
        assertThat(run.simulatedUnavailability()).contains("no ptrace on Mars");
        assertThat(run.reports()).isEqualTo(Path.of("/tmp/elsewhere"));
        // the child's own launcher gets the run's timeout and mode, as set
        assertThat(run.forwardedToChild()).containsExactlyInAnyOrderEntriesOf(
                Map.of("tracedffi.timeout", "1500", "tracedffi.mode", "Isolate"));
    }

    @Test
    void theReportKeysNameTheBuildAndTheTestThatLaunchedTheRun() {
        TracedFfiConfiguration unnamed = TracedFfiConfiguration.parse(key -> Optional.empty());
        Map<String, String> parameters = Map.of(
                "tracedffi.reports.run", "20261201-2135",
                "tracedffi.reports.ranBy", "[engine:junit-jupiter]/[class:Outer]/[method:runsFixtures()]");
        TracedFfiConfiguration named = TracedFfiConfiguration.parse(key -> Optional.ofNullable(parameters.get(key)));

        assertThat(unnamed.reportsRun()).isEmpty();
        assertThat(unnamed.reportsRanBy()).isEmpty();
        assertThat(named.reportsRun()).isEqualTo("20261201-2135");
        assertThat(named.reportsRanBy()).contains("[engine:junit-jupiter]/[class:Outer]/[method:runsFixtures()]");
        // the reports are written in the test JVM: the child does not need them
        assertThat(named.forwardedToChild()).isEmpty();
    }

    @Test
    void aBlankValueIsUnset() {
        TracedFfiConfiguration run = TracedFfiConfiguration.parse(key -> Optional.of("  "));

        assertThat(run).isEqualTo(TracedFfiConfiguration.parse(key -> Optional.empty()));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "tracedffi.timeout,  soon,      a positive number of milliseconds",
            "tracedffi.timeout,  -5,        a positive number of milliseconds",
            "tracedffi.timeout,  0,         a positive number of milliseconds",
            "tracedffi.mode,     sometimes, trace or isolate",
            "tracedffi.strategy, teleport,  displaced or singlestep",
            "tracedffi.prewarm,  yes,       true or false",
            "tracedffi.child,    per-suite, per-test or per-class",
            "tracedffi.child,    PER_CLASS, per-test or per-class"})
    void aBadValueIsRejectedNamingTheKeyAndWhatItTakes(String key, String value, String allowed) {
        assertThatThrownBy(() -> TracedFfiConfiguration.parse(k -> Optional.ofNullable(k.equals(key) ? value : null)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("the tracedffi configuration parameter %s must be %s, not '%s'", key, allowed, value);
    }

    @Test
    void theAllowedValuesOfAChoiceAreItsConstants() {
        assertThatThrownBy(() -> TracedFfiConfiguration.parse(k -> Optional.ofNullable(
                k.equals(TracedFfiConfiguration.STRATEGY) ? "teleport" : null)))
                .hasMessageContaining(String.join(" or ",
                        java.util.Arrays.stream(Strategy.values()).map(s -> s.name().toLowerCase()).toList()));
    }

    @Test
    void isReadOnceForTheWholeRunFromTheRootContext() {
        MockRun mockRun = new MockRun(Map.of("tracedffi.timeout", "1500"));
        ExtensionContext first = mockRun.methodContext(Tests.class, "one");
        ExtensionContext second = mockRun.methodContext(Tests.class, "two");

        TracedFfiConfiguration forFirst = TracedFfiConfiguration.of(first);
        TracedFfiConfiguration forSecond = TracedFfiConfiguration.of(second);

        assertThat(forSecond).isSameAs(forFirst);
        verify(mockRun.root, times(1)).getConfigurationParameter(TracedFfiConfiguration.TIMEOUT);
        verify(mockRun.root, times(1)).getConfigurationParameter(TracedFfiConfiguration.STRATEGY);
        verify(first, never()).getConfigurationParameter(anyString());
        verify(second, never()).getConfigurationParameter(anyString());
    }

    static class Tests {
        void one() {
        }

        void two() {
        }
    }
}
