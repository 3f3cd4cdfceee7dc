package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.StackFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each instruction that touched tracked memory comes back once with its Intel syntax and the native
 * stack at its first access, and a crash report ends with the Java frames the child sent; symbols,
 * lines and instruction text are checked against binutils (addr2line, objdump) on libtracee.so.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class ViolationStackTest {

    private static final Path LIBRARY = Path.of(System.getProperty("tracedffi.test.library", ""));
    /** {@code #1 0x7f.. in libtracee.so!fill_off_by_one_outer+0x11 /src/tracee.c:51 (libtracee.so+0x1185)}. */
    private static final Pattern FRAME = Pattern.compile(
            "#(\\d+) 0x[0-9a-f]+ in libtracee\\.so!(\\w+)\\+0x[0-9a-f]+ (\\S+):(\\d+) \\(libtracee\\.so\\+0x([0-9a-f]+)\\)");

    @Test
    void eachInstructionComesOnceWithItsIntelSyntaxAndItsStackAsBinutilsSeeThem() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/addr2line")) && Files.isExecutable(Path.of("/usr/bin/objdump")),
                "binutils is not installed");
        ChildExit exit = SupervisorTracingTest.runTracee("off_by_one_nested");
        SupervisorTracingTest.assertCleanExit(exit);
        CallRecord call = SupervisorTracingTest.onlyCall(exit);

        Set<Long> ips = new LinkedHashSet<>();
        call.events().accEvents().forEach(e -> ips.add(e.ip()));
        assertThat(call.events().instructions()).extracting(InstructionInfo::ip).containsExactlyElementsOf(ips);

        long overflowIp = call.events().accEvents().stream()
                .filter(e -> e instanceof AccessEvent.Write && e.range().addr() == bufferEnd(call))
                .findFirst().orElseThrow().ip();
        InstructionInfo overflow = call.events().instructionsByIp().get(overflowIp);
        List<Matcher> frames = overflow.nativeStack().stream().map(FRAME::matcher).filter(Matcher::matches).toList();
        assertThat(frames).as("libtracee frames of %s", overflow.nativeStack()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(frames.get(0).group(2)).isEqualTo("fill_off_by_one_inner");
        assertThat(frames.get(1).group(2)).isEqualTo("fill_off_by_one_outer");
        assertThat(overflow.nativeStack().get(overflow.nativeStack().size() - 1))
                .as("the stack ends where native code was called from").startsWith("(called from");

        for (Matcher frame : frames) {
            int number = Integer.parseInt(frame.group(1));
            long vaddr = Long.parseLong(frame.group(5), 16);
            long lookup = number == 0 ? vaddr : vaddr - 1; // a return address names the line of its call
            List<String> addr2line = run("/usr/bin/addr2line", "-f", "-e", LIBRARY.toString(), "0x" + Long.toHexString(lookup));
            assertThat(frame.group(2)).as("function of frame #%d", number).isEqualTo(addr2line.get(0));
            String[] fileLine = addr2line.get(1).replaceAll(" \\(discriminator \\d+\\)", "").split(":");
            assertThat(Path.of(frame.group(3)).getFileName().toString()).isEqualTo(Path.of(fileLine[0]).getFileName().toString());
            assertThat(frame.group(4)).as("line of frame #%d", number).isEqualTo(fileLine[1]);
        }

        long instructionVaddr = Long.parseLong(frames.get(0).group(5), 16);
        assertThat(overflow.text()).isEqualTo(objdumpIntel(instructionVaddr));
    }

    @Test
    void aCrashReportEndsWithTheJavaFramesOfTheTracedCall() throws InterruptedException {
        ChildExit exit = SupervisorTracingTest.runTracee("deref_null_nested");
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.nativeStack()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(crash.nativeStack().get(0)).contains("libtracee.so!deref_null_inner", "tracee.c:");
            assertThat(crash.nativeStack().get(1)).contains("libtracee.so!deref_null_outer", "tracee.c:");
            assertThat(crash.javaFrames()).containsExactly(
                    new StackFrame("dev.x.CrashTest", "lambda$crashes$0", "CrashTest.java", 21),
                    new StackFrame("dev.x.CrashTest", "crashes", "CrashTest.java", 20));
            String render = crash.render();
            assertThat(render).contains("  Java frames of the traced call:\n"
                    + "    at dev.x.CrashTest.lambda$crashes$0(CrashTest.java:21)\n"
                    + "    at dev.x.CrashTest.crashes(CrashTest.java:20)\n");
            assertThat(render.indexOf("native stack:")).isLessThan(render.indexOf("Java frames"));
        });
    }

    private static long bufferEnd(CallRecord call) {
        return call.info().allocations().get(0).range().end();
    }

    /** objdump's Intel syntax of the instruction at {@code vaddr}, as IntelSyntax spells it. */
    private static String objdumpIntel(long vaddr) throws IOException, InterruptedException {
        List<String> lines = run("/usr/bin/objdump", "-d", "-M", "intel", "--no-show-raw-insn",
                "--start-address=0x" + Long.toHexString(vaddr), "--stop-address=0x" + Long.toHexString(vaddr + 16),
                LIBRARY.toString());
        String prefix = Long.toHexString(vaddr) + ":";
        String line = lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return line.substring(prefix.length()).strip().replaceAll("\\s+", " ").replace(",", ", ").toLowerCase();
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> out = new ArrayList<>(new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).lines().toList());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return out;
        } finally {
            process.destroyForcibly();
        }
    }
}
