package dev.tracedffi.supervisor;

import dev.tracedffi.child.TracedArena;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * What the child-side scenario mains share: arena buffers as pointers, test data, and the in-child
 * check that native code really did its work (exit code {@value #WRONG_RESULT} if not).
 */
final class ScenarioSupport {

    static final int WRONG_RESULT = 10;

    private static final Runtime RUNTIME = Runtime.getSystemRuntime();

    private ScenarioSupport() {
    }

    static Pointer buffer(TracedArena arena, String label, long size) {
        return Pointer.wrap(RUNTIME, arena.allocate(label, size).start());
    }

    static byte[] bytes(Pointer p, int n) {
        byte[] out = new byte[n];
        p.get(0, out, 0, n);
        return out;
    }

    static byte[] pattern(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("WRONG RESULT: " + what);
            System.exit(WRONG_RESULT);
        }
    }
}
