package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.util.List;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link CodeOriginTracingTest}: native code that lives in no library file
 * (codeorigins.c) touching arena buffers. Scenario args[0]; each checks in the child that the code
 * really did its work (exit code {@value ScenarioSupport#WRONG_RESULT} if not).
 */
public final class CodeOriginScenarios {

    static final int SUM_BYTES = 100;
    /** Each kind of page twice: the first call generates the code, the second runs it again. */
    static final List<String> GENERATED_CALLS = List.of("rx #1", "rx #2", "rwx #1", "rwx #2");

    public interface CodeOrigins {
        long generated_byte_sum(Pointer buf, long n, int rwx);

        int vdso_clock_gettime(Pointer ts);

        int vdso_gettimeofday(Pointer tv);
    }

    private static final CodeOrigins CODE = LibraryLoader.create(CodeOrigins.class).load(System.getProperty("tracedffi.test.library"));

    private CodeOriginScenarios() {
    }

    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();
        switch (args[0]) {
            case "generated-code" -> {
                Pointer buf = buffer(arena, "buf", SUM_BYTES);
                byte[] data = pattern(SUM_BYTES);
                buf.put(0, data, 0, SUM_BYTES);
                long expected = 0;
                for (byte b : data) {
                    expected += b & 0xff;
                }
                for (String name : GENERATED_CALLS) {
                    int rwx = name.startsWith("rwx") ? 1 : 0;
                    long sum = client.doFfi(name, () -> CODE.generated_byte_sum(buf, SUM_BYTES, rwx)).result();
                    check(sum == expected, name + " returned " + sum + " instead of " + expected);
                }
            }
            case "vdso" -> {
                Pointer ts = buffer(arena, "ts", 16);
                int rc = client.doFfi("clock_gettime", () -> CODE.vdso_clock_gettime(ts)).result();
                check(rc == 0 && (ts.getLong(0) != 0 || ts.getLong(8) != 0) && ts.getLong(8) < 1_000_000_000L,
                        "clock_gettime returned " + rc + " with " + ts.getLong(0) + " s " + ts.getLong(8) + " ns");
                Pointer tv = buffer(arena, "tv", 16);
                rc = client.doFfi("gettimeofday", () -> CODE.vdso_gettimeofday(tv)).result();
                check(rc == 0 && tv.getLong(0) > 1_600_000_000L && tv.getLong(8) < 1_000_000L,
                        "gettimeofday returned " + rc + " with " + tv.getLong(0) + " s " + tv.getLong(8) + " us");
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }
}
