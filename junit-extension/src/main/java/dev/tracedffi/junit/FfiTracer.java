package dev.tracedffi.junit;

import java.util.List;
import java.util.function.Supplier;

/** Traces native calls of a test: each traced call records every access to {@link NativeMemory} buffers. */
public interface FfiTracer {

    /** Runs {@code call} traced; its name in reports is "call". */
    <T> TracedCall<T> trace(Supplier<T> call);

    /** Runs {@code call} traced under {@code name}. */
    <T> TracedCall<T> trace(String name, Supplier<T> call);

    /** Runs {@code call} traced and returns its events; its name in reports is "call". */
    dev.tracedffi.protocol.MemEvents run(Runnable call);

    /** Runs {@code call} traced under {@code name} and returns its events. */
    dev.tracedffi.protocol.MemEvents run(String name, Runnable call);

    /**
     * A proxy of {@code library} that traces the calls of methods annotated {@link Traced} (every method
     * when {@code libraryInterface} is annotated), each under the method's name.
     */
    <L> L traced(Class<L> libraryInterface, L library);

    /** Every traced call of this test, in order. */
    List<TracedCall<?>> calls();

    /** From now on the child's exit code is reported as {@code code}, whatever it exits with. */
    void overrideRetcode(int code);
}
