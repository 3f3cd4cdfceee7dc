package dev.tracedffi.junit;

import dev.tracedffi.protocol.TestOutcome;
import dev.tracedffi.supervisor.ChildExit;
import dev.tracedffi.supervisor.CrashReport;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChildVerdictTest {

    private static final TestOutcome PASSED = new TestOutcome(TestOutcome.Status.SUCCESSFUL, null);
    private static final CrashReport NULL_READ = new CrashReport(11, 1, 0, 0x7f0012345678L, "libc.so.6!strlen+0x1d",
            "c5 fd 74 0f", "rdi 0x0000000000000000", "strlen");

    /** How a child ended: {@link #passed()} (test passed, exit code 0), varied by the other methods. */
    private record Exit(int exitCode, OptionalInt signal, OptionalInt overridden, Optional<CrashReport> crash,
                        boolean timedOut, Optional<String> hang, Optional<TestOutcome> outcome, String stderr,
                        Optional<String> supervisorError) {
        static Exit passed() {
            return new Exit(0, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), false, Optional.empty(),
                    Optional.of(PASSED), "", Optional.empty());
        }

        Exit exited(int code) {
            return new Exit(code, signal, overridden, crash, timedOut, hang, Optional.empty(), stderr, supervisorError);
        }

        Exit killedBy(int signal) {
            return new Exit(128 + signal, OptionalInt.of(signal), overridden, crash, timedOut, hang, Optional.empty(),
                    stderr, supervisorError);
        }

        Exit crashed(CrashReport report) {
            return new Exit(137, OptionalInt.of(9), overridden, Optional.of(report), timedOut, hang, Optional.empty(),
                    stderr, supervisorError);
        }

        Exit timedOutAt(Optional<String> where) {
            return new Exit(137, OptionalInt.of(9), overridden, crash, true, where, Optional.empty(), stderr,
                    supervisorError);
        }

        Exit overriding(int code) {
            return new Exit(exitCode, signal, OptionalInt.of(code), crash, timedOut, hang, outcome, stderr, supervisorError);
        }

        Exit withOutcome(TestOutcome value) {
            return new Exit(exitCode, signal, overridden, crash, timedOut, hang, Optional.of(value), stderr, supervisorError);
        }

        Exit withStderr(String text) {
            return new Exit(exitCode, signal, overridden, crash, timedOut, hang, outcome, text, supervisorError);
        }

        Exit withSupervisorError(String error) {
            return new Exit(exitCode, signal, overridden, crash, timedOut, hang, outcome, stderr, Optional.of(error));
        }

        ChildExit toChildExit() {
            return new ChildExit(exitCode, signal, overridden, crash, timedOut, hang, List.of(), outcome, stderr,
                    supervisorError);
        }
    }

    private static void apply(Exit exit) throws Throwable {
        ChildVerdict.apply(exit.toChildExit(), Optional.empty(), Optional.empty());
    }

    private static void apply(Exit exit, String expectationMethod) throws Throwable {
        var method = Expectations.class.getDeclaredMethod(expectationMethod);
        ChildVerdict.apply(exit.toChildExit(), Optional.ofNullable(method.getAnnotation(ExpectExit.class)),
                Optional.ofNullable(method.getAnnotation(ExpectSignal.class)));
    }

    private static TestOutcome failedWith(Throwable t) {
        return new TestOutcome(TestOutcome.Status.FAILED, ThrowableCodec.serialize(t));
    }

    @Test
    void aPassedTestWhoseChildExitedWithZeroPasses() {
        assertThatCode(() -> apply(Exit.passed())).doesNotThrowAnyException();
    }

    @Test
    void aTestThatFailedInTheChildFailsWithItsOwnThrowable() {
        AssertionFailedError failure = new AssertionFailedError("the answer", 42, 41);

        assertThatThrownBy(() -> apply(Exit.passed().withOutcome(failedWith(failure))))
                .isInstanceOf(AssertionFailedError.class).hasMessage(failure.getMessage());
    }

    @Test
    void aTestThatAbortedInTheChildAborts() {
        TestOutcome aborted = new TestOutcome(TestOutcome.Status.ABORTED,
                ThrowableCodec.serialize(new TestAbortedException("not today")));

        assertThatThrownBy(() -> apply(Exit.passed().withOutcome(aborted)))
                .isInstanceOf(TestAbortedException.class).hasMessage("not today");
    }

    @Test
    void aTestsOwnFailureWinsOverItsExpectedExit() {
        Exit exit = Exit.passed().exited(5).overriding(5).withOutcome(failedWith(new IllegalStateException("own")));

        assertThatThrownBy(() -> apply(exit, "exit5")).isInstanceOf(IllegalStateException.class).hasMessage("own");
    }

    @Test
    void aTimeoutSaysWhereTheTracedCallWasAndEndsWithTheChildsStderr() {
        Exit exit = Exit.passed().timedOutAt(Optional.of("libc.so.6!clock_nanosleep+0x6f")).withStderr("a\nb\nlast words");

        assertThatThrownBy(() -> apply(exit)).isInstanceOf(TracedChildError.class)
                .hasMessage("the traced test timed out; its traced call was at libc.so.6!clock_nanosleep+0x6f\n"
                        + "--- last lines of the child's stderr ---\n" + exit.toChildExit().stderrTail(30));
    }

    @Test
    void aTimeoutOutsideACallSaysSo() {
        assertThatThrownBy(() -> apply(Exit.passed().timedOutAt(Optional.empty())))
                .isInstanceOf(TracedChildError.class).hasMessage("the traced test timed out outside any traced call");
    }

    @Test
    void aSupervisorFailureBeforeAnyResultFailsTheTest() {
        Exit exit = Exit.passed().exited(1).withSupervisorError("handshake refused");

        assertThatThrownBy(() -> apply(exit)).isInstanceOf(TracedChildError.class)
                .hasMessage("the tracedffi supervisor failed: handshake refused");
    }

    @Test
    void aSupervisorFailureAfterThePassedOutcomeDoesNotHideIt() {
        assertThatCode(() -> apply(Exit.passed().withSupervisorError("late"))).doesNotThrowAnyException();
    }

    @Test
    void aCrashFailsWithItsReport() {
        assertThatThrownBy(() -> apply(Exit.passed().crashed(NULL_READ))).isInstanceOf(TracedChildError.class)
                .hasMessage("native crash: " + NULL_READ.render());
    }

    @Test
    void anExpectedSignalPassesWhetherACrashOrAKillRaisedIt() {
        assertThatCode(() -> apply(Exit.passed().crashed(NULL_READ), "signal11")).doesNotThrowAnyException();
        assertThatCode(() -> apply(Exit.passed().killedBy(11), "signal11")).doesNotThrowAnyException();
    }

    @Test
    void anotherSignalThanTheExpectedFailsWithBothNamed() {
        AssertionFailedError failure = catchFailure(() -> apply(Exit.passed().killedBy(11), "signal6"));

        assertThat(failure).hasMessage("expected the child to be killed by SIGABRT, but it was killed by SIGSEGV");
        assertThat(failure.getExpected().getValue()).isEqualTo("SIGABRT");
        assertThat(failure.getActual().getValue()).isEqualTo("SIGSEGV");
    }

    @Test
    void anExpectedSignalWithAStderrPatternNeedsAMatch() {
        assertThatCode(() -> apply(Exit.passed().killedBy(6).withStderr("assertion `x' failed"), "signal6WithStderr"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> apply(Exit.passed().killedBy(6).withStderr("nothing"), "signal6WithStderr"))
                .isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("the child's stderr does not match /x' failed/");
    }

    @Test
    void anUnexpectedExitFailsWithItsCode() {
        assertThatThrownBy(() -> apply(Exit.passed().exited(3))).isInstanceOf(TracedChildError.class)
                .hasMessage("the child JVM ended before its test finished: exited with code 3");
    }

    @Test
    void anExpectedExitPassesOnItsCodeAndFailsOnAnother() {
        assertThatCode(() -> apply(Exit.passed().exited(3), "exit3")).doesNotThrowAnyException();
        AssertionFailedError failure = catchFailure(() -> apply(Exit.passed().exited(4), "exit3"));
        assertThat(failure).hasMessage("expected the child to exit with 3, but it exited with code 4");
        assertThat(failure.getExpected().getValue()).isEqualTo(3);
        assertThat(failure.getActual().getValue()).isEqualTo(4);
    }

    @Test
    void anExpectedExitIsNotMetByASignalWithTheSameNumber() {
        // 134 = 128 + SIGABRT: the JDK folds a signal into the exit code, ChildExit tells them apart
        assertThatThrownBy(() -> apply(Exit.passed().killedBy(6), "exit134")).isInstanceOf(AssertionFailedError.class)
                .hasMessage("expected the child to exit with 134, but it was killed by SIGABRT");
    }

    @Test
    void anOverriddenRetcodeIsWhatTheExpectationSees() {
        assertThatCode(() -> apply(Exit.passed().overriding(5), "exit5")).doesNotThrowAnyException();
    }

    @Test
    void aPassedTestWhoseChildReportsAnotherCodeFailsAndSaysHowToExpectIt() {
        assertThatThrownBy(() -> apply(Exit.passed().overriding(5))).isInstanceOf(TracedChildError.class)
                .hasMessage("the test passed, but the child reported exit code 5 (overridden); "
                        + "annotate the test with @ExpectExit(5) if that is intended");
    }

    private static AssertionFailedError catchFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(AssertionFailedError.class);
        return (AssertionFailedError) thrown;
    }

    /** Real annotation instances, read from these methods. */
    static class Expectations {
        @ExpectExit(3)
        void exit3() {
        }

        @ExpectExit(5)
        void exit5() {
        }

        @ExpectExit(134)
        void exit134() {
        }

        @ExpectSignal(11)
        void signal11() {
        }

        @ExpectSignal(6)
        void signal6() {
        }

        @ExpectSignal(value = 6, stderr = "x' failed")
        void signal6WithStderr() {
        }
    }
}
