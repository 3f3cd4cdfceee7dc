package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.elf.DebugFiles;
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
 * The native call stack of a stopped thread as a report shows it, frame by frame down to the JVM
 * boundary: {@code #1 0x7f.. in libbuggy.so!fill+0x5 buggy.c:12 (libbuggy.so+0x1105)}. ELF files are
 * read the symbolizer's safe way, source lines come from DWARF line tables where a library has them.
 */
final class NativeStacks {

    private static final int MAX_FRAMES = 64;

    private NativeStacks() {
    }

    static List<String> of(Registers regs, RemoteMemory memory, ProcMaps maps, JvmCodeHeap codeHeap,
                           Symbolizer symbolizer) {
        NativeUnwinder unwinder = new NativeUnwinder(path -> symbolizer.elfFile(maps, path),
                m -> CodeOrigin.of(maps, codeHeap, m.start()) != CodeOrigin.NATIVE); // the JNI boundary
        NativeStack stack = unwinder.unwind(regs, memory::read, maps, MAX_FRAMES);
        SourceLines lines = new SourceLines(path -> symbolizer.elfFile(maps, path), DebugFiles.system());
        return NativeStackText.lines(stack, frame -> Optional.of(symbolizer.symbolize(maps, frame.lookupPc())), lines);
    }
}
