package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 children SIGKILLed from outside at random moments (while starting, during the handshake, inside a
 * traced call, between calls), two at a time: every session ends with a report well within its timeout,
 * and nothing is left behind (no child, zombie, tracedffi thread or socket).
 */
@ExtendWith({RequiresTracing.class, NothingLeftBehind.class})
class KilledAtRandomTest {

    private static final int CHILDREN = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BOUND = Duration.ofSeconds(20);

    private enum Moment { BEFORE_ANY_CALL, INSIDE_A_CALL, BETWEEN_CALLS }

    /** The child's line just before its first call: most kills are timed from it, whatever the load. */
    private static final String CALLING = "calling";

    private static final java.util.Map<Moment, Integer> MOMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Traced memsets in a loop forever, with a second thread touching the arena in every call. */
    public static final class TracedCallsForever {
        public interface LibC {
            Pointer memset(Pointer dst, int value, long n);
        }

        public static void main(String[] args) {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            SupervisorClient client = SupervisorClient.current();
            TracedArena arena = client.arena();
            Pointer a = ScenarioSupport.buffer(arena, "a", 8192);
            Pointer b = ScenarioSupport.buffer(arena, "b", 4096);
            System.out.println(CALLING);
            for (int i = 0; ; i++) {
                int value = i;
                client.doFfi("memset", () -> {
                    Thread other = new Thread(() -> libc.memset(b, value, 4096));
                    other.start();
                    libc.memset(a, value, 8192);
                    try {
                        other.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            }
        }
    }

    @Test
    void everySessionEndsWithAReportAndLeavesNothing() throws Exception {
        Random random = new Random(20261201);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> sessions = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                // a third timed from the launch (most die starting), the others from their first call
                boolean fromLaunch = i % 3 == 0;
                long killAfterMillis = random.nextInt(fromLaunch ? 1500 : 300);
                String name = "session-" + i;
                sessions.add(pool.submit(() -> killedSession(name, fromLaunch, killAfterMillis)));
            }
            List<String> problems = new ArrayList<>();
            for (Future<String> session : sessions) {
                String problem = session.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (!problem.isEmpty()) {
                    problems.add(problem);
                }
            }
            assertThat(problems).isEmpty();
            // the kills landed in every phase: before any call, inside a call, between calls
            assertThat(MOMENTS.keySet()).contains(Moment.BEFORE_ANY_CALL, Moment.INSIDE_A_CALL, Moment.BETWEEN_CALLS);
            System.out.println("killed at random: " + MOMENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One child killed {@code killAfterMillis} after its launch or its first call; what was wrong with its
     * end, or "". {@code name} is its argument, so that it is told from the other session's child.
     */
    private static String killedSession(String name, boolean fromLaunch, long killAfterMillis)
            throws InterruptedException {
        long start = System.nanoTime();
        Thread runner = Thread.currentThread();
        ChildExit[] exit = new ChildExit[1];
        CountDownLatch calling = new CountDownLatch(1);
        Thread session = new Thread(() -> {
            try {
                exit[0] = Supervisor.run(ChildSpec.of(TracedCallsForever.class.getName(), name).withTimeout(TIMEOUT)
                        .withOutput(line -> {
                            if (line.equals(CALLING)) {
                                calling.countDown();
                            }
                        }, line -> { }));
            } catch (InterruptedException e) {
                runner.interrupt();
            }
        }, "killed-at-random-session");
        session.start();
        while (!fromLaunch && session.isAlive() && !calling.await(10, TimeUnit.MILLISECONDS)) {
            // the child is starting
        }
        Thread.sleep(killAfterMillis);
        Optional<ProcessHandle> child = Optional.empty();
        while (session.isAlive() && child.isEmpty()) {
            child = ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("")
                    .endsWith(TracedCallsForever.class.getName() + " " + name)).findFirst();
            if (child.isEmpty()) {
                Thread.sleep(1);
            }
        }
        child.ifPresent(ProcessHandle::destroyForcibly);
        session.join(BOUND.toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (session.isAlive()) {
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().startsWith("tracedffi-tracer")) {
                    System.out.println("HUNG " + thread.getName() + "\n  " + java.util.Arrays.stream(stack)
                            .map(Object::toString).collect(java.util.stream.Collectors.joining("\n  ")));
                }
            });
            return name + " killed after " + killAfterMillis + " ms: the session had not ended " + took.toSeconds()
                    + " s later";
        }
        ChildExit ended = exit[0];
        if (ended == null) {
            return "killed after " + killAfterMillis + " ms: no ChildExit";
        }
        List<CallRecord> calls = ended.calls();
        Moment moment = calls.isEmpty() ? Moment.BEFORE_ANY_CALL
                : calls.get(calls.size() - 1).ending() == CallRecord.Ending.CHILD_DIED ? Moment.INSIDE_A_CALL
                : Moment.BETWEEN_CALLS;
        MOMENTS.merge(moment, 1, Integer::sum);
        if (ended.timedOut() || ended.exitCode() != 128 + 9) {
            return "killed after " + killAfterMillis + " ms: ended with exit code " + ended.exitCode()
                    + (ended.timedOut() ? " after its timeout" : "") + ended.supervisorError().map(e -> ", " + e).orElse("");
        }
        return "";
    }
}
