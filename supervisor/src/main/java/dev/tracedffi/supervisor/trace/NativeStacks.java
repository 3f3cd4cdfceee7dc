package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.elf.DebugFiles;
import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.elf.SourceLines;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import dev.tracedffi.supervisor.unwind.NativeStack;
import dev.tracedffi.supervisor.unwind.NativeStackText;
import dev.tracedffi.supervisor.unwind.NativeUnwinder;

import java.util.List;
import java.util.Optional;

/**
 * Native call stacks of one child's stopped threads, as reports show them, frame by frame down to the
 * JVM boundary: {@code #1 0x7f.. in libbuggy.so!fill+0x5 buggy.c:12 (libbuggy.so+0x1105)}. ELF files are
 * read the symbolizer's safe way; each file's call-frame information and line table is parsed once for
 * the child (a traced call unwinds at the first access of every instruction). Used by the tracer thread only.
 */
public final class NativeStacks {

    static final int MAX_FRAMES = 64;

    private final Symbolizer symbolizer;
    private final NativeUnwinder unwinder;
    private final SourceLines lines;
    /** The map the ELF files are looked up in: the one of the current unwinding or formatting. */
    private ProcMaps maps = ProcMaps.empty();

    /** @param codeHeap the JVM's generated code: native frames end there, as at libjvm.so */
    public NativeStacks(Symbolizer symbolizer, JvmCodeHeap codeHeap) {
        this.symbolizer = symbolizer;
        this.unwinder = new NativeUnwinder(this::elfFile,
                m -> NativeUnwinder.JVM_LIBRARIES.test(m) || codeHeap.contains(m.start()));
        this.lines = new SourceLines(this::elfFile, DebugFiles.system());
    }

    /** The frames of the thread stopped with {@code regs}; {@code maps} is the child's map now. */
    NativeStack unwind(Registers regs, RemoteMemory memory, ProcMaps maps) {
        this.maps = maps;
        return unwinder.unwind(regs, memory::read, maps, MAX_FRAMES);
    }

    /** {@code stack} symbolized, with source lines where a library has them, in the map it was unwound in. */
    public List<String> lines(NativeStack stack, ProcMaps maps) {
        this.maps = maps;
        return NativeStackText.lines(stack, frame -> Optional.of(symbolizer.symbolize(maps, frame.lookupPc())), lines);
    }

    /** Unwound and symbolized at once (a crash: the child is killed right after). */
    List<String> of(Registers regs, RemoteMemory memory, ProcMaps maps) {
        return lines(unwind(regs, memory, maps), maps);
    }

    private Optional<ElfFile> elfFile(String path) {
        return symbolizer.elfFile(maps, path);
    }
}
