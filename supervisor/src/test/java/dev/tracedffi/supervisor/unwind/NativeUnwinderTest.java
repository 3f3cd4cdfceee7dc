package dev.tracedffi.supervisor.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import dev.tracedffi.supervisor.elf.DebugFiles;
import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.elf.SourceLines;
import dev.tracedffi.supervisor.elf.SourceLocation;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.unwind.NativeStack.Stop;
import dev.tracedffi.supervisor.unwind.Unwindee.Mode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unwinds real stopped threads (a crash in the chain, inside memcpy, in a qsort comparator called
 * by libc, a read blocked in libc) of the unwindee built three ways, and compares with gdb's bt.
 */
class NativeUnwinderTest {

    private static final Set<String> OWN_FILES = Set.of("libchain.so", "unwindee");
    private static final Map<String, ElfFile> SYMBOLS = new ConcurrentHashMap<>();
    private static final SourceLines LINES = new SourceLines();

    @BeforeAll
    static void requirements() {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
        assumeTrue(UnwindeeBuild.compilerAvailable(), "gcc is not installed");
    }

    static Stream<Arguments> crashes() {
        List<Arguments> all = new ArrayList<>();
        for (UnwindeeBuild build : UnwindeeBuild.values()) {
            for (Mode mode : Mode.values()) {
                if (mode.crashes()) {
                    all.add(Arguments.of(build, mode));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("crashes")
    void agreesWithGdbAtACrash(UnwindeeBuild build, Mode mode) throws Exception {
        assumeTrue(GdbBacktrace.available(), "gdb is not installed");
        NativeStack stack = unwindStopped(build, mode, new NativeUnwinder());
        List<GdbBacktrace.Frame> gdb = GdbBacktrace.atCrash(build.program(), mode.ordinal()).stream()
                .filter(f -> !f.inlined()).toList();

        String described = describe(stack);
        System.out.println(build + " " + mode + ":" + described);
        assertThat(stack.stop()).as(described).isEqualTo(Stop.END_OF_STACK);
        assertThat(stack.frames()).as(described).hasSameSizeAs(gdb);
        for (int i = 0; i < gdb.size(); i++) {
            NativeFrame ours = stack.frames().get(i);
            GdbBacktrace.Frame theirs = gdb.get(i);
            if (OWN_FILES.contains(ours.mapping().shortName())) {
                assertThat(name(ours)).as("frame " + i + " of " + described).isEqualTo(theirs.function());
                SourceLocation line = LINES.locate(ours.mapping().path(), ours.lookupVaddr()).orElseThrow();
                assertThat(line.line()).as("line of frame " + i + " of " + described).isEqualTo(theirs.line());
                assertThat(line.file()).endsWith(theirs.file());
            }
            if (Unwindee.setarchAvailable() && theirs.pc() >= 0) {
                assertThat(ours.pc()).as("pc of frame " + i + " (" + theirs.function() + ") of " + described)
                        .isEqualTo(theirs.pc());
            }
        }
        assertThat(ownFunctions(stack)).containsSubsequence(expectedChain(mode));
        assertSources(build, stack);
    }

    @ParameterizedTest
    @EnumSource(UnwindeeBuild.class)
    void unwindsAThreadBlockedInLibc(UnwindeeBuild build) throws Exception {
        NativeStack stack = unwindStopped(build, Mode.BLOCKED_IN_READ, new NativeUnwinder());
        String described = describe(stack);

        assertThat(stack.stop()).as(stack.detail()).isEqualTo(Stop.END_OF_STACK);
        List<NativeFrame> frames = stack.frames();
        assertThat(frames.get(0).mapping().shortName()).as(described).startsWith("libc.so");
        assertThat(frames.get(0).returnAddress()).isFalse();
        assertThat(ownFunctions(stack)).as(described).containsExactly("chain_c", "chain_b", "chain_a", "thread_main");
        assertThat(frames.get(frames.size() - 1).mapping().shortName()).startsWith("libc.so");
        for (int i = 1; i < frames.size(); i++) {
            assertThat(Long.compareUnsigned(frames.get(i).cfa(), frames.get(i - 1).cfa())).as(described).isPositive();
        }
        List<String> text = NativeStackText.lines(stack, NativeUnwinderTest::function, LINES);
        assertThat(text).as(described).anySatisfy(line -> assertThat(line).matches(
                "#\\d+ 0x[0-9a-f]+ in chain_c \\S*src/test/c/unwind/chain\\.c:\\d+ \\(libchain\\.so\\+0x[0-9a-f]+\\)"));
        assertSources(build, stack);
    }

    @Test
    void stopsAtTheJvmBoundary() throws Exception {
        Predicate<dev.tracedffi.supervisor.symbols.Mapping> chainIsJvm = m -> m.shortName().equals("libchain.so");
        NativeUnwinder unwinder = new NativeUnwinder(chainIsJvm);
        NativeStack stack = unwindStopped(UnwindeeBuild.OPTIMISED, Mode.CRASH_IN_MEMCPY, unwinder);

        assertThat(stack.stop()).as(stack.detail()).isEqualTo(Stop.JVM_BOUNDARY);
        assertThat(stack.frames()).as(describe(stack)).hasSize(1);
        assertThat(stack.frames().get(0).mapping().shortName()).startsWith("libc.so");
        assertThat(stack.detail()).contains("libchain.so");
        assertThat(stack.stoppedAt()).isNotZero();
    }

    @Test
    void stopsAtTheFrameLimit() throws Exception {
        NativeStack stack = unwindStopped(UnwindeeBuild.OPTIMISED, Mode.CRASH_IN_CHAIN, new NativeUnwinder());
        NativeStack limited;
        try (Unwindee unwindee = Unwindee.start(UnwindeeBuild.OPTIMISED, Mode.CRASH_IN_CHAIN)) {
            Registers registers = unwindee.stopInChain(Mode.CRASH_IN_CHAIN);
            try (ProcessMemory memory = new ProcessMemory(unwindee.pid())) {
                limited = new NativeUnwinder().unwind(registers, memory, ProcMaps.of(unwindee.pid()), 2);
            }
        }
        assertThat(limited.stop()).isEqualTo(Stop.MAX_FRAMES);
        assertThat(limited.frames()).hasSize(2);
        assertThat(stack.frames().size()).isGreaterThan(2);
    }

    private static NativeStack unwindStopped(UnwindeeBuild build, Mode mode, NativeUnwinder unwinder) throws Exception {
        try (Unwindee unwindee = Unwindee.start(build, mode)) {
            Registers registers = unwindee.stopInChain(mode);
            try (ProcessMemory memory = new ProcessMemory(unwindee.pid())) {
                return unwinder.unwind(registers, memory, ProcMaps.of(unwindee.pid()), 64);
            }
        }
    }

    private static List<String> expectedChain(Mode mode) {
        List<String> chain = new ArrayList<>();
        if (mode == Mode.CRASH_IN_QSORT_COMPARATOR) {
            chain.add("compare_then_crash");
        }
        chain.addAll(List.of("chain_c", "chain_b", "chain_a", "thread_main"));
        return chain;
    }

    /** Frames in the chain's own files unwind by frame pointer exactly when they have no .eh_frame. */
    private static void assertSources(UnwindeeBuild build, NativeStack stack) {
        for (NativeFrame frame : stack.frames()) {
            if (frame.mapping().shortName().equals("libchain.so")) {
                assertThat(frame.source()).as(describe(stack)).isEqualTo(build == UnwindeeBuild.NO_CALL_FRAME_INFO
                        ? NativeFrame.Source.FRAME_POINTER : NativeFrame.Source.CALL_FRAME_INFO);
            }
        }
    }

    private static List<String> ownFunctions(NativeStack stack) throws IOException {
        List<String> names = new ArrayList<>();
        for (NativeFrame frame : stack.frames()) {
            if (OWN_FILES.contains(frame.mapping().shortName())) {
                names.add(name(frame));
            }
        }
        return names;
    }

    /** The frame's function from the file's symbols, or its debug file's (libc's local functions). */
    static String name(NativeFrame frame) throws IOException {
        return function(frame).orElse("??");
    }

    static Optional<String> function(NativeFrame frame) {
        ElfFile symbols = SYMBOLS.computeIfAbsent(frame.mapping().path(), path -> {
            try {
                ElfFile elf = ElfFile.read(Path.of(path));
                Optional<Path> debug = DebugFiles.system().find(elf);
                return debug.isPresent() ? ElfFile.read(debug.get()) : elf;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return symbols.symbolize(frame.lookupVaddr()).map(ElfFile.Symbolized::name);
    }

    static String describe(NativeStack stack) {
        StringBuilder out = new StringBuilder("\n");
        List<String> lines = NativeStackText.lines(stack, NativeUnwinderTest::function, LINES);
        for (int i = 0; i < stack.frames().size(); i++) {
            NativeFrame frame = stack.frames().get(i);
            out.append(String.format("  %s cfa=0x%x %s%n", lines.get(i), frame.cfa(), frame.source()));
        }
        return out.append("  ").append(stack.stop()).append(": ").append(stack.detail()).toString();
    }
}
