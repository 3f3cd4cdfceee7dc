package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.byref.IntByReference;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link FaultPathsTest}: traced calls that take the tracer off its common path
 * (args[0] names which). Exit code {@value ScenarioSupport#WRONG_RESULT} when native code did not do
 * its work.
 */
public final class FaultPathScenarios {

    static final int SUMMED_BYTES = 4096;
    static final int SUM_ROUNDS = 3;
    static final long WILD_ADDRESS = 0x1000;
    static final int COPIED_BYTES = 64 << 10;

    public interface Library {
        long sum_under_sigprof(Pointer buf, int n, int rounds, IntByReference handled);
    }

    public interface LibC {
        Pointer memset(Pointer dst, int value, long n);

        Pointer memcpy(Pointer dst, Pointer src, long n);

        void qsort(Pointer base, long count, long size, Comparator comparator);
    }

    public interface Comparator {
        @Delegate
        int compare(Pointer a, Pointer b);
    }

    private FaultPathScenarios() {
    }

    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        switch (args[0]) {
            case "sigprof" -> {
                Library library = LibraryLoader.create(Library.class).load(System.getProperty("tracedffi.test.library"));
                Pointer buf = buffer(client.arena(), "buf", SUMMED_BYTES);
                byte[] data = pattern(SUMMED_BYTES);
                buf.put(0, data, 0, SUMMED_BYTES);
                long expected = 0;
                for (byte b : data) {
                    expected += (b & 0xff) * (long) SUM_ROUNDS;
                }
                IntByReference handled = new IntByReference();
                long sum = client.doFfi("sum_under_sigprof",
                        () -> library.sum_under_sigprof(buf, SUMMED_BYTES, SUM_ROUNDS, handled)).result();
                check(sum == expected && handled.intValue() > 0, "sum_under_sigprof returned " + sum + " instead of "
                        + expected + ", with " + handled.intValue() + " SIGPROFs handled");
                System.err.println("sigprofs handled: " + handled.intValue());
            }
            case "memset-past-arena" -> {
                // glibc's memset is one rep stosb for this size: it runs through the tracked memory into
                // the arena's reserve, which is not committed
                Pointer buf = buffer(client.arena(), "buf", 4000);
                client.doFfi("memset", () -> libc.memset(buf, 0x5a, 1L << 30));
            }
            case "memcpy-to-wild" -> {
                Pointer src = buffer(client.arena(), "src", COPIED_BYTES);
                Pointer wild = Pointer.wrap(Runtime.getSystemRuntime(), WILD_ADDRESS);
                client.doFfi("memcpy", () -> libc.memcpy(wild, src, COPIED_BYTES));
            }
            case "nested-call" -> {
                Pointer values = buffer(client.arena(), "values", 2 * Integer.BYTES);
                values.putInt(0, 2);
                values.putInt(Integer.BYTES, 1);
                String[] refused = new String[1];
                Comparator comparator = (a, b) -> {
                    try {
                        client.doFfi("inner", () -> 0);
                    } catch (IllegalStateException e) {
                        refused[0] = e.getMessage();
                    }
                    return Integer.compare(a.getInt(0), b.getInt(0));
                };
                client.doFfi("qsort", () -> {
                    libc.qsort(values, 2, Integer.BYTES, comparator);
                    return null;
                });
                check(values.getInt(0) == 1 && values.getInt(Integer.BYTES) == 2, "qsort did not sort");
                check(refused[0] != null, "the nested traced call was not refused");
                System.err.println("refused: " + refused[0]);
                // the child is still usable: the next call is traced as any other
                client.doFfi("memset", () -> libc.memset(values, 0, 2 * Integer.BYTES));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
