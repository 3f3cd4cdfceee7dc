package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link ForeignSigurgTest}: one traced call in which native code (signals.c) installs
 * a SIGURG handler, has SIGURG sent to its thread three times (by itself and by another thread), then
 * reads an arena buffer. The call returns the sum of the bytes only if the handler ran for each signal
 * (exit code {@value ScenarioSupport#WRONG_RESULT} if not).
 */
public final class SigurgScenarios {

    static final int BYTES = 100;

    public interface SigurgSender {
        long sigurg_then_sum(Pointer buf, int n);
    }

    private SigurgScenarios() {
    }

    public static void main(String[] args) {
        SigurgSender sender = LibraryLoader.create(SigurgSender.class).load(System.getProperty("tracedffi.test.library"));
        SupervisorClient client = SupervisorClient.current();
        Pointer buf = buffer(client.arena(), "buf", BYTES);
        byte[] data = pattern(BYTES);
        buf.put(0, data, 0, BYTES);
        long expected = 0;
        for (byte b : data) {
            expected += b & 0xff;
        }
        long sum = client.doFfi("sigurg_then_sum", () -> sender.sigurg_then_sum(buf, BYTES)).result();
        check(sum == expected, "sigurg_then_sum returned " + sum + " instead of " + expected
                + " (-1: the SIGURG handler did not run once for each of the three signals)");
    }
}
