package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * Mains for prepared children: a warm-up that prints on both streams, a main that echoes its arguments,
 * and one for a child that serves several mains.
 */
public final class PreparedScenarios {

    private PreparedScenarios() {
    }

    public static final class WarmUp {
        public static void main(String[] args) {
            System.out.println("warm-up out");
            System.err.println("warm-up err");
        }
    }

    public static final class Echo {
        public static void main(String[] args) {
            System.out.println("pid " + ProcessHandle.current().pid() + " args " + String.join(",", args));
        }
    }

    public interface Stdio {
        int puts(String s);

        Pointer memset(Pointer dst, int value, long n);
    }

    /**
     * One of several mains of a kept child: reports its pid and how many buffers its arena holds before it
     * allocates one, traces a memset of it, and prints on both streams from Java and from native code
     * (libc's stdout buffer, not flushed), its last line without a line break.
     */
    public static final class KeptMain {
        private static final Stdio LIBC = LibraryLoader.create(Stdio.class).load("c");

        public static void main(String[] args) {
            SupervisorClient client = SupervisorClient.current();
            TracedArena arena = client.arena();
            System.out.println("pid " + ProcessHandle.current().pid() + " buffers " + arena.allocations().size()
                    + " " + args[0]);
            Pointer buffer = ScenarioSupport.buffer(arena, "buffer", 64);
            client.doFfi("memset", () -> LIBC.memset(buffer, 1, 64));
            LIBC.puts("native " + args[0]);
            System.err.println("err " + args[0]);
            System.out.print("partial " + args[0]);
        }
    }
}
