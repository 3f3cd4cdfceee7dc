package dev.tracedffi.supervisor;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After each test this JVM has no child process (running or zombie), and no more tracedffi threads or
 * sockets than before it. Threads and sockets get a few seconds to go: a session's output pumps end
 * when the child's pipes close. (Temp directories are not counted here: other builds share /tmp; a
 * test checks the directories its own sessions made.)
 */
final class NothingLeftBehind implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NothingLeftBehind.class);
    private static final long GRACE_MILLIS = 10_000;

    private record Snapshot(Set<String> threads, long sockets) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(Snapshot.class, snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Snapshot before = context.getStore(NAMESPACE).get(Snapshot.class, Snapshot.class);
        assertThat(ProcessHandle.current().children().map(NothingLeftBehind::describe).toList())
                .as("child processes, running or zombie").isEmpty();
        assertThat(eventually(() -> snapshot().threads(), now -> before.threads().containsAll(now)))
                .as("tracedffi threads").isSubsetOf(before.threads());
        assertThat(eventually(() -> snapshot().sockets(), now -> now <= before.sockets()))
                .as("open sockets").isLessThanOrEqualTo(before.sockets());
    }

    private static <T> T eventually(Supplier<T> value, Predicate<T> good) throws InterruptedException {
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        T now = value.get();
        while (!good.test(now) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            now = value.get();
        }
        return now;
    }

    private static Snapshot snapshot() {
        Set<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("tracedffi-") && !name.startsWith("tracedffi-cache-")).collect(Collectors.toSet());
        return new Snapshot(threads, sockets());
    }

    private static long sockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing (the listing's own descriptor, among others)
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(ProcessHandle process) {
        String state;
        try {
            List<String> stat = List.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"))
                    .replaceFirst("^.*\\) ", "").split(" "));
            state = "state " + stat.get(0);
        } catch (IOException e) {
            state = "gone";
        }
        return process.pid() + " " + process.info().commandLine().orElse("?") + " (" + state + ")";
    }
}
