package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import dev.tracedffi.protocol.StackFrame;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

import java.util.Arrays;
import java.util.List;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.bytes;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of the supervisor's tests: runs one scenario (args[0]) against libc or the test
 * library, with traced calls on arena buffers, and checks in the child that native code really did
 * its work (exit code {@value ScenarioSupport#WRONG_RESULT} if not). The test in the supervisor's JVM checks the
 * events, the exit and the reports.
 */
public final class TraceeScenarios {

    public interface LibC {
        Pointer memset(Pointer dst, int value, long n);

        Pointer memcpy(Pointer dst, Pointer src, long n);

        Pointer memmove(Pointer dst, Pointer src, long n);

        long strlen(Pointer s);

        int memcmp(Pointer a, Pointer b, long n);
    }

    public interface IntCallback {
        @Delegate
        int apply(int value);
    }

    public interface Tracee {
        void increment(Pointer value);

        void fill_ints(Pointer array, int n, int value);

        void init_partially(Pointer record);

        void swap_pair(Pointer pair);

        void fill_off_by_one(Pointer buffer, int n);

        void fill_off_by_one_outer(Pointer buffer, int n);

        int deref_null_outer();

        int write_from_thread(Pointer target, int value);

        int read_indirect(Pointer holder);

        long compare_and_swap(Pointer value, long expected, long desired);

        int deref_null(Pointer unused);

        int deref_last_address();

        void exit_with(int code);

        void call_abort();

        void spin_forever();

        void call_back(IntCallback callback, Pointer out);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private TraceeScenarios() {
    }

    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();
        String scenario = args[0];
        switch (scenario) {
            case "libc-matrix" -> {
                for (String function : LIBC_FUNCTIONS) {
                    for (int n : SIZES) {
                        for (int skew : SKEWS) {
                            runLibc(client, arena, function, n, skew);
                        }
                    }
                }
                runMemmoveOverlap(client, arena, 4096);
            }
            default -> runTraceeScenario(client, arena, scenario);
        }
    }

    static final List<String> LIBC_FUNCTIONS = List.of("memset", "memcpy", "memmove", "strlen", "memcmp");
    static final int[] SIZES = {1, 7, 64, 4096, 65536};
    static final int[] SKEWS = {0, 3};

    /** Label prefix and call name of one libc case: "memset n=64 skew=3". */
    static String caseName(String function, int n, int skew) {
        return function + " n=" + n + " skew=" + skew;
    }

    /**
     * One libc call on fresh buffers whose labels start with the case name; the function gets the
     * buffers' addresses plus {@code skew}, so {@code skew != 0} tests unaligned pointers.
     */
    private static void runLibc(SupervisorClient client, TracedArena arena, String function, int n, int skew) {
        String name = caseName(function, n, skew);
        switch (function) {
            case "memset" -> {
                Pointer dst = buffer(arena, name + " dst", n + skew);
                client.doFfi(name, () -> LIBC.memset(dst.slice(skew), 0x5a, n));
                byte[] expected = new byte[n + skew];
                Arrays.fill(expected, skew, n + skew, (byte) 0x5a);
                check(Arrays.equals(bytes(dst, n + skew), expected), name + " wrote the wrong bytes");
            }
            case "memcpy", "memmove" -> {
                Pointer src = buffer(arena, name + " src", n + skew);
                Pointer dst = buffer(arena, name + " dst", n + skew);
                byte[] data = pattern(n);
                src.put(skew, data, 0, n);
                client.doFfi(name, () -> function.equals("memcpy")
                        ? LIBC.memcpy(dst.slice(skew), src.slice(skew), n)
                        : LIBC.memmove(dst.slice(skew), src.slice(skew), n));
                check(Arrays.equals(Arrays.copyOfRange(bytes(dst, n + skew), skew, n + skew), data), name + " copied wrong bytes");
            }
            case "strlen" -> {
                Pointer s = buffer(arena, name + " s", n + 1 + skew);
                byte[] text = new byte[n];
                Arrays.fill(text, (byte) 'a');
                s.put(skew, text, 0, n);
                long length = client.doFfi(name, () -> LIBC.strlen(s.slice(skew))).result();
                check(length == n, name + " returned " + length);
            }
            case "memcmp" -> {
                Pointer a = buffer(arena, name + " a", n + skew);
                Pointer b = buffer(arena, name + " b", n + skew);
                a.put(skew, pattern(n), 0, n);
                b.put(skew, pattern(n), 0, n);
                int result = client.doFfi(name, () -> LIBC.memcmp(a.slice(skew), b.slice(skew), n)).result();
                check(result == 0, name + " returned " + result);
            }
            default -> throw new IllegalArgumentException(function);
        }
    }

    /** memmove(buf + 8, buf, n): source and destination overlap by n - 8 bytes. */
    private static void runMemmoveOverlap(SupervisorClient client, TracedArena arena, int n) {
        Pointer buf = buffer(arena, "overlap buf", n + 8);
        byte[] data = pattern(n);
        buf.put(0, data, 0, n);
        client.doFfi("memmove overlap", () -> LIBC.memmove(buf.slice(8), buf, n));
        check(Arrays.equals(Arrays.copyOfRange(bytes(buf, n + 8), 8, n + 8), data), "memmove with overlap");
    }

    private static void runTraceeScenario(SupervisorClient client, TracedArena arena, String scenario) {
        Tracee tracee = LibraryLoader.create(Tracee.class).load(System.getProperty("tracedffi.test.library"));
        switch (scenario) {
            case "increment" -> {
                Pointer value = buffer(arena, "value", 4);
                value.putInt(0, 41);
                client.doFfi("increment", () -> {
                    tracee.increment(value);
                    return null;
                });
                check(value.getInt(0) == 42, "increment");
            }
            case "write_far_past" -> {
                Pointer small = buffer(arena, "small", 4000);
                client.doFfi("write_far_past", () -> {
                    tracee.fill_ints(small.slice(9000), 1, 7); // a wild write 5,000 bytes past the buffer
                    return null;
                });
            }
            case "fill_ints" -> {
                Pointer array = buffer(arena, "array", 40);
                client.doFfi("fill_ints", () -> {
                    tracee.fill_ints(array, 10, 7);
                    return null;
                });
                check(array.getInt(36) == 7, "fill_ints");
            }
            case "init_partially" -> {
                Pointer record = buffer(arena, "record", 32);
                client.doFfi("init_partially", () -> {
                    tracee.init_partially(record);
                    return null;
                });
                check(record.getInt(0) == 7 && record.getLong(8) == 42, "init_partially");
            }
            case "swap_pair" -> {
                Pointer pair = buffer(arena, "pair", 16);
                pair.putLong(0, 1);
                pair.putLong(8, 2);
                client.doFfi("swap_pair", () -> {
                    tracee.swap_pair(pair);
                    return null;
                });
                check(pair.getLong(0) == 2 && pair.getLong(8) == 1, "swap_pair");
            }
            case "off_by_one" -> {
                Pointer buf = buffer(arena, "buf", 16);
                client.doFfi("fill_off_by_one", () -> {
                    tracee.fill_off_by_one(buf, 16);
                    return null;
                });
            }
            case "off_by_one_nested" -> {
                Pointer buf = buffer(arena, "buf", 16);
                client.doFfi("fill_off_by_one_outer", List.of(new StackFrame("dev.x.NestedTest", "fills",
                        "NestedTest.java", 12)), () -> {
                    tracee.fill_off_by_one_outer(buf, 16);
                    return null;
                });
            }
            case "deref_null_nested" -> client.doFfi("deref_null_outer", List.of(
                    new StackFrame("dev.x.CrashTest", "lambda$crashes$0", "CrashTest.java", 21),
                    new StackFrame("dev.x.CrashTest", "crashes", "CrashTest.java", 20)), tracee::deref_null_outer);
            case "thread_write" -> {
                Pointer target = buffer(arena, "target", 4);
                int rc = client.doFfi("write_from_thread", () -> tracee.write_from_thread(target, 99)).result();
                check(rc == 0 && target.getInt(0) == 99, "write_from_thread");
            }
            case "read_indirect" -> {
                Pointer value = buffer(arena, "value", 4);
                Pointer holder = buffer(arena, "holder", 8);
                value.putInt(0, 1234);
                holder.putLong(0, value.address());
                int read = client.doFfi("read_indirect", () -> tracee.read_indirect(holder)).result();
                check(read == 1234, "read_indirect returned " + read);
            }
            case "cas" -> {
                Pointer value = buffer(arena, "value", 8);
                value.putLong(0, 5);
                client.doFfi("compare_and_swap", () -> tracee.compare_and_swap(value, 5, 6));
                check(value.getLong(0) == 6, "compare_and_swap");
            }
            case "deref_null" -> client.doFfi("deref_null", () -> tracee.deref_null(null));
            case "deref_last_address" -> client.doFfi("deref_last_address", tracee::deref_last_address);
            case "exit3" -> client.doFfi("exit_with", () -> {
                tracee.exit_with(3);
                return null;
            });
            case "abort" -> client.doFfi("call_abort", () -> {
                tracee.call_abort();
                return null;
            });
            case "spin" -> client.doFfi("spin_forever", () -> {
                tracee.spin_forever();
                return null;
            });
            case "override-then-exit0" -> {
                client.overrideRetcode(17);
                client.doFfi("exit_with", () -> {
                    tracee.exit_with(0);
                    return null;
                });
            }
            case "callback" -> {
                Pointer out = buffer(arena, "out", 4);
                Pointer scratch = buffer(arena, "scratch", 8);
                IntCallback callback = value -> {
                    // provoke the JVM's implicit null checks inside the traced window: they must be forwarded
                    int nulls = 0;
                    for (int i = 0; i < 200_000; i++) {
                        try {
                            Object o = (i % 1000 == 999) ? null : "x";
                            nulls += o.hashCode() == 0 ? 1 : 0;
                        } catch (NullPointerException e) {
                            nulls++;
                        }
                    }
                    // the callback reads arena memory: JVM code, so not one of the call's events
                    return value * 2 + (nulls > 0 ? 0 : 1000) + (int) scratch.getLong(0);
                };
                client.doFfi("call_back", () -> {
                    tracee.call_back(callback, out);
                    return null;
                });
                check(out.getInt(0) == 41 && scratch.getLong(0) == 0, "call_back wrote " + out.getInt(0));
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }
}
