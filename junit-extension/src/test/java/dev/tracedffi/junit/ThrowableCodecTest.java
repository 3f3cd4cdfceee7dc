package dev.tracedffi.junit;

import dev.tracedffi.protocol.SerializedThrowable;
import dev.tracedffi.protocol.StackFrame;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowableCodecTest {

    private static Throwable roundTrip(Throwable original) {
        return ThrowableCodec.deserialize(ThrowableCodec.serialize(original));
    }

    /** What a stack frame keeps across the boundary (a StackTraceElement's module and loader do not cross). */
    private static List<StackFrame> frames(Throwable t) {
        return List.of(t.getStackTrace()).stream().map(StackFrame::of).toList();
    }

    private static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    @Test
    void keepsTheClassMessageStackTraceAndCauseChain() {
        IOException inner = new IOException("inner");
        IllegalStateException outer = new IllegalStateException("outer", new RuntimeException("middle", inner));

        Throwable rebuilt = roundTrip(outer);

        List<Throwable> original = chain(outer);
        List<Throwable> copy = chain(rebuilt);
        assertThat(copy).hasSameSizeAs(original);
        for (int i = 0; i < original.size(); i++) {
            assertThat(copy.get(i)).hasSameClassAs(original.get(i)).hasMessage(original.get(i).getMessage());
            assertThat(frames(copy.get(i))).isEqualTo(frames(original.get(i)));
        }
    }

    @Test
    void anAssertionFailureKeepsItsExpectedAndActualValues() {
        AssertionFailedError failure = new AssertionFailedError("the answer", 42, 41);

        AssertionFailedError rebuilt = (AssertionFailedError) roundTrip(failure);

        assertThat(rebuilt).hasMessage(failure.getMessage());
        assertThat(rebuilt.getExpected().getStringRepresentation())
                .isEqualTo(failure.getExpected().getStringRepresentation());
        assertThat(rebuilt.getActual().getStringRepresentation()).isEqualTo(failure.getActual().getStringRepresentation());
    }

    @Test
    void anAbortStaysAnAbort() {
        assertThat(roundTrip(new TestAbortedException("not today")))
                .isExactlyInstanceOf(TestAbortedException.class).hasMessage("not today");
    }

    @Test
    void aClassWithOnlyAMessageAndCauseConstructorIsRebuiltThroughIt() {
        IOException cause = new IOException("disk");

        Throwable rebuilt = roundTrip(new OnlyWithCause("wrapped", cause));

        assertThat(rebuilt).isExactlyInstanceOf(OnlyWithCause.class).hasMessage("wrapped")
                .cause().isExactlyInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void aClassWithOnlyACauseConstructorIsRebuiltThroughItWhenItsMessageIsTheCauses() {
        UncheckedIOException original = new UncheckedIOException(new IOException("disk"));

        Throwable rebuilt = roundTrip(original);

        assertThat(rebuilt).isExactlyInstanceOf(UncheckedIOException.class).hasMessage(original.getMessage())
                .cause().isExactlyInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void aClassWithoutAUsableConstructorBecomesARemoteExceptionNamingItWithItsCause() {
        // UncheckedIOException(String, IOException): no (String) nor (String, Throwable) constructor
        UncheckedIOException original = new UncheckedIOException("middle", new IOException("disk"));

        Throwable rebuilt = roundTrip(original);

        assertThat(rebuilt).isExactlyInstanceOf(ThrowableCodec.RemoteException.class)
                .hasMessage(UncheckedIOException.class.getName() + ": middle")
                .cause().isExactlyInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void aClassThatCannotBeLoadedHereBecomesARemoteExceptionNamingIt() {
        SerializedThrowable data = new SerializedThrowable("com.example.GoneException", "lost", List.of(), null, null, null);

        assertThat(ThrowableCodec.deserialize(data)).isExactlyInstanceOf(ThrowableCodec.RemoteException.class)
                .hasMessage("com.example.GoneException: lost");
    }

    @Test
    void anAssertionErrorThatCannotBeRebuiltStaysAnAssertionError() {
        NoMessageConstructor original = new NoMessageConstructor();

        Throwable rebuilt = roundTrip(original);

        assertThat(rebuilt).isExactlyInstanceOf(ThrowableCodec.RemoteAssertionError.class)
                .hasMessage(NoMessageConstructor.class.getName() + ": " + original.getMessage());
        assertThat(frames(rebuilt)).isEqualTo(frames(original));
    }

    @Test
    void aCauseCycleEndsWhereItCloses() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        first.initCause(second);
        second.initCause(first);

        SerializedThrowable data = ThrowableCodec.serialize(first);

        assertThat(data.cause().className()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(data.cause().cause()).isNull();
        assertThat(chain(ThrowableCodec.deserialize(data))).hasSize(2);
    }

    @Test
    void aLongCauseChainIsCut() {
        Throwable t = new IllegalStateException("0");
        for (int i = 1; i < ThrowableCodec.MAX_CAUSES + 10; i++) {
            t = new IllegalStateException(Integer.toString(i), t);
        }

        Throwable rebuilt = roundTrip(t);

        List<Throwable> kept = chain(rebuilt);
        assertThat(kept).hasSize(ThrowableCodec.MAX_CAUSES);
        assertThat(kept.get(0)).hasMessage(t.getMessage());
    }

    public static class OnlyWithCause extends RuntimeException {
        public OnlyWithCause(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static class NoMessageConstructor extends AssertionError {
        public NoMessageConstructor() {
            super("always this");
        }
    }
}
