package dev.tracedffi.junit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracedFfiSettingsTest {

    private final MockRun run = new MockRun(Map.of("tracedffi.timeout", "1500"));

    @Nested
    class TheNearestAnnotation {

        @Test
        void onTheMethodWinsOverTheClasses() {
            assertThat(TracedFfiSettings.nearest(run.methodContext(Annotated.class, "ownAnnotation")))
                    .map(TracedFfi::timeoutMillis).contains(111L);
        }

        @Test
        void isTheClassesWhenTheMethodHasNone() {
            assertThat(TracedFfiSettings.nearest(run.methodContext(Annotated.class, "noAnnotation")))
                    .map(TracedFfi::timeoutMillis).contains(222L);
        }

        @Test
        void isInheritedFromASuperclass() {
            assertThat(TracedFfiSettings.nearest(run.methodContext(Inheriting.class, "inherited")))
                    .map(TracedFfi::timeoutMillis).contains(222L);
        }

        @Test
        void ofANestedTestIsItsEnclosingClasses() {
            assertThat(TracedFfiSettings.nearest(run.methodContext(Annotated.Inner.class, "nested")))
                    .map(TracedFfi::timeoutMillis).contains(222L);
        }

        @Test
        void isTheClassesForTheClassItself() {
            assertThat(TracedFfiSettings.nearest(run.classContext(Annotated.class)))
                    .map(TracedFfi::timeoutMillis).contains(222L);
        }

        @Test
        void isAbsentWhereNothingIsAnnotated() {
            assertThat(TracedFfiSettings.nearest(run.methodContext(Plain.class, "plain"))).isEmpty();
        }
    }

    @Test
    void theAnnotationsTimeoutWinsOverTheRuns() {
        ExtensionContext context = run.methodContext(Annotated.class, "ownAnnotation");

        TracedFfiSettings settings = TracedFfiSettings.of(context);

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(111));
        assertThat(settings.jvmArgs()).containsExactly("-Dflavour=mint");
        assertThat(settings.failOnOutOfBounds()).isFalse();
    }

    @Test
    void anUnsetTimeoutIsTheRuns() {
        TracedFfiSettings settings = TracedFfiSettings.of(run.methodContext(Annotated.class, "defaultTimeout"));

        assertThat(settings.timeout()).isEqualTo(TracedFfiConfiguration.of(run.root).timeout())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.jvmArgs()).isEmpty();
        assertThat(settings.failOnOutOfBounds()).isTrue();
    }

    @Test
    void withoutAnAnnotationEverythingIsTheRunsOrTheDefault() {
        TracedFfiSettings settings = TracedFfiSettings.of(Optional.empty(), TracedFfiConfiguration.of(run.root));

        assertThat(settings).isEqualTo(new TracedFfiSettings(Duration.ofMillis(1500), java.util.List.of(), true, ChildMode.PER_TEST));
    }

    @Test
    void theChildModeIsTheNearestAnnotationsUnlessItLeavesItToTheRun() {
        MockRun perClassRun = new MockRun(Map.of("tracedffi.child", "per-class"));

        assertThat(TracedFfiSettings.of(run.methodContext(Annotated.class, "defaultTimeout")).child())
                .as("CONFIGURED, the run sets nothing").isEqualTo(ChildMode.PER_TEST);
        assertThat(TracedFfiSettings.of(perClassRun.methodContext(Annotated.class, "defaultTimeout")).child())
                .as("CONFIGURED, the run says per-class").isEqualTo(ChildMode.PER_CLASS);
        assertThat(TracedFfiSettings.of(run.methodContext(SharingAChild.class, "inherits")).child())
                .isEqualTo(ChildMode.PER_CLASS);
        assertThat(TracedFfiSettings.of(perClassRun.methodContext(SharingAChild.class, "ownChild")).child())
                .isEqualTo(ChildMode.PER_TEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zeroTimeout", "negativeTimeout"})
    void aTimeoutThatIsNotPositiveIsRejected(String method) throws NoSuchMethodException {
        TracedFfi annotation = Annotated.class.getDeclaredMethod(method).getAnnotation(TracedFfi.class);

        assertThatThrownBy(() -> TracedFfiSettings.of(Optional.of(annotation), TracedFfiConfiguration.of(run.root)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@TracedFfi(timeoutMillis = " + annotation.timeoutMillis() + ") must be a positive number of "
                        + "milliseconds, or left unset for the run's tracedffi.timeout");
    }

    // fixtures: annotated classes whose methods are looked at, never run

    @TracedFfi(timeoutMillis = 222)
    static class Annotated {
        @TracedFfi(timeoutMillis = 111, jvmArgs = "-Dflavour=mint", failOnOutOfBounds = false)
        void ownAnnotation() {
        }

        void noAnnotation() {
        }

        @TracedFfi
        void defaultTimeout() {
        }

        @TracedFfi(timeoutMillis = 0)
        void zeroTimeout() {
        }

        @TracedFfi(timeoutMillis = -2)
        void negativeTimeout() {
        }

        class Inner {
            void nested() {
            }
        }
    }

    @TracedFfi(child = ChildMode.PER_CLASS)
    static class SharingAChild {
        void inherits() {
        }

        @TracedFfi(child = ChildMode.PER_TEST)
        void ownChild() {
        }
    }

    static class Inheriting extends Annotated {
        void inherited() {
        }
    }

    static class Plain {
        void plain() {
        }
    }
}
