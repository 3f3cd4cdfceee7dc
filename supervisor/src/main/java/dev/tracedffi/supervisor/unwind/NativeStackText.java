package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.SourceLines;
import dev.tracedffi.supervisor.elf.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A native stack as AddressSanitizer prints one, a frame a line, then where unwinding stopped:
 * <pre>
 * #0 0x7f3a1c2e5201 in chain_c /src/chain.c:22 (libchain.so+0x1201)
 * #1 0x7f3a1c2e527c in chain_b /src/chain.c:44 (libchain.so+0x127c)
 * (called from JVM code in jffi1234.so (the JNI boundary))
 * </pre>
 */
public final class NativeStackText {

    private NativeStackText() {
    }

    /**
     * @param function the function of a frame (symbolize {@link NativeFrame#lookupVaddr()}), empty if unknown
     * @param lines    source lines, looked up at {@link NativeFrame#lookupVaddr()}
     */
    public static List<String> lines(NativeStack stack, Function<NativeFrame, Optional<String>> function,
                                     SourceLines lines) {
        List<String> out = new ArrayList<>();
        List<NativeFrame> frames = stack.frames();
        for (int i = 0; i < frames.size(); i++) {
            NativeFrame frame = frames.get(i);
            StringBuilder line = new StringBuilder("#").append(i).append(" 0x").append(Long.toHexString(frame.pc()));
            function.apply(frame).ifPresent(name -> line.append(" in ").append(name));
            Optional<SourceLocation> source = lines.locate(frame.mapping().path(), frame.lookupVaddr());
            source.ifPresent(location -> line.append(' ').append(location));
            line.append(" (").append(frame.mapping().shortName()).append("+0x").append(Long.toHexString(frame.vaddr()))
                    .append(')');
            out.add(line.toString());
        }
        if (stack.stop() != NativeStack.Stop.END_OF_STACK) {
            out.add("(" + stack.detail() + ")");
        }
        return out;
    }
}
