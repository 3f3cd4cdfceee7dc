package dev.tracedffi.supervisor;

/** Mains for prepared children: a warm-up that prints on both streams, and a main that echoes its arguments. */
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
}
