package dev.tracedffi.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real children that send their real supervisor StartFfi frames no honest child would: each frame
 * ends in a Refusal (the session goes on) or a clean end of the session with a clear error, never a
 * hang and never a failure of this JVM, and afterwards nothing of the children is left.
 */
@ExtendWith({RequiresTracing.class, NothingLeftBehind.class})
class HostileChildTest {

    private static final long SEED = 0x4057_11e0L;
    private static final int CHILDREN = 25;
    /** Per child: this many decodable frames, then one that ends its session; 1,000 frames in all. */
    private static final int ANSWERED_FRAMES = 39;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path reports;
    private int runs;

    /** What one hostile child reported and printed, and how its session ended. */
    private record Run(ChildExit exit, List<String> lines, List<String> stdout) {
        List<String> linesStartingWith(String prefix) {
            return lines.stream().filter(line -> line.startsWith(prefix)).toList();
        }
    }

    /** Runs a hostile child; afterwards the directory of its session's socket must be gone. */
    private Run run(Duration timeout, String... args) throws InterruptedException, IOException {
        return run(timeout, line -> { }, args);
    }

    /** @param eachLine runs as each line of the child's standard output arrives */
    private Run run(Duration timeout, Consumer<String> eachLine, String... args) throws InterruptedException, IOException {
        Path report = reports.resolve("child-" + runs++ + ".txt");
        List<String> command = new ArrayList<>(List.of(report.toString()));
        command.addAll(List.of(args));
        List<String> stdout = new CopyOnWriteArrayList<>();
        ChildExit exit = Supervisor.run(ChildSpec.of(HostileChild.class.getName(), command.toArray(String[]::new))
                .withTimeout(timeout).withOutput(line -> {
                    eachLine.accept(line);
                    stdout.add(line);
                }, line -> { }));
        List<String> lines = Files.exists(report) ? Files.readAllLines(report) : List.of();
        Run run = new Run(exit, lines, new ArrayList<>(stdout));
        List<String> socket = run.linesStartingWith("socket ");
        assertThat(socket).as("the child's socket; %s, stderr:%n%s", describe(exit), exit.stderrTail(30)).hasSize(1);
        assertThat(Path.of(socket.get(0).substring("socket ".length())).getParent()).as("the session's directory")
                .doesNotExist();
        return run;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(ChildExit exit) {
        return "exit code " + exit.exitCode() + (exit.timedOut() ? ", timed out" : "")
                + exit.supervisorError().map(error -> ", supervisor error: " + error).orElse("");
    }

    @Test
    void aThousandFuzzedStartFfiFramesEachEndInAnAnswerOrACleanSessionEnd() throws InterruptedException, IOException {
        int frames = 0;
        int refused = 0;
        int accepted = 0;
        for (int child = 0; child < CHILDREN; child++) {
            String endingKind = HostileFrames.SESSION_ENDING_KINDS.get(child % HostileFrames.SESSION_ENDING_KINDS.size());
            Run run = run(TIMEOUT, "fuzz", Long.toString(SEED + child), Integer.toString(ANSWERED_FRAMES), endingKind);
            String context = "child " + child + " (" + endingKind + "), " + describe(run.exit()) + ", stdout:\n"
                    + String.join("\n", run.lines()) + "\nstderr:\n" + run.exit().stderrTail(30);

            assertThat(run.linesStartingWith("BAD")).as(context).isEmpty();
            List<String> answered = run.linesStartingWith("ok ").stream().filter(line -> !line.startsWith("ok after")).toList();
            assertThat(answered).as(context).hasSize(ANSWERED_FRAMES);
            List<String> ending = run.linesStartingWith("ending ");
            assertThat(ending).as(context).hasSize(1);
            String expectedError = ending.get(0).substring(ending.get(0).indexOf(": ") + 2);
            assertThat(run.exit().supervisorError()).as(context)
                    .hasValueSatisfying(error -> assertThat(error).startsWith("ProtocolException: ").contains(expectedError));
            assertThat(run.exit().timedOut()).as(context).isFalse();
            assertThat(run.exit().calls()).as(context).allSatisfy(
                    call -> assertThat(call.ending()).isEqualTo(CallRecord.Ending.COMPLETED));

            frames += answered.size() + 1;
            refused += (int) answered.stream().filter(line -> line.contains("): refused: ")).count();
            accepted += run.exit().calls().size();
        }
        System.out.printf("hostile children: %d frames, %d refused, %d accepted and traced, %d ended a session%n",
                frames, refused, accepted, CHILDREN);
        assertThat(frames).isEqualTo(1000);
        assertThat(refused).as("most decodable frames are refused").isGreaterThan(CHILDREN * ANSWERED_FRAMES / 2);
        assertThat(accepted).as("valid ones in between are traced").isGreaterThan(CHILDREN);
    }

    @Test
    void aChildThatStopsInsideAFrameIsEndedByItsTimeout() throws InterruptedException, IOException {
        Run run = run(Duration.ofSeconds(5), "stall");

        assertThat(run.lines()).contains("stalled");
        assertThat(run.exit().timedOut()).isTrue();
    }

    /**
     * The child's output up to the frame that ends its session is all delivered, its last line included,
     * even to a slow consumer (one line every 2 ms): 500 lines, 35 KB, all in the pipe when the session ends.
     */
    @Test
    void aChildsLastOutputIsNotLostWhenItsSessionEnds() throws InterruptedException, IOException {
        Run run = run(TIMEOUT, line -> sleep(2), "last-words", "500");

        assertThat(run.exit().supervisorError()).hasValueSatisfying(error -> assertThat(error).startsWith("ProtocolException"));
        assertThat(run.stdout()).hasSize(500).endsWith("last words");
    }

    // Requests that decode and pass today's StartFfiValidator, but must not.

    @Test
    void theLeaderThreadIsRefused() throws InterruptedException, IOException {
        assertCaseRefused("tid is the pid");
    }

    @Test
    void aGadgetInLibcIsRefused() throws InterruptedException, IOException {
        assertCaseRefused("gadget on a syscall in libc");
    }

    @Test
    void aGadgetThatIsNotAPageStartIsRefused() throws InterruptedException, IOException {
        assertCaseRefused("gadget not page-aligned");
    }

    @Test
    void aScratchAreaInTheArenaIsRefused() throws InterruptedException, IOException {
        assertCaseRefused("scratch area in the arena");
    }

    @Test
    void aScratchAreaInAFileMappingIsRefused() throws InterruptedException, IOException {
        assertCaseRefused("scratch area in a file mapping");
    }

    private void assertCaseRefused(String name) throws InterruptedException, IOException {
        Run run = run(Duration.ofSeconds(20), "case", name);
        String context = describe(run.exit()) + ", stdout:\n" + String.join("\n", run.lines())
                + "\nstderr:\n" + run.exit().stderrTail(30);

        assertThat(run.exit().timedOut()).as(context).isFalse();
        assertThat(run.exit().supervisorError()).as(context).isEmpty();
        assertThat(run.linesStartingWith("ok 0 " + name)).as(context).hasSize(1);
        assertThat(run.exit().calls()).as("nothing traced; " + context).isEmpty();
    }
}
