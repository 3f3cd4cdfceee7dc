package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;

import java.util.Map;
import java.util.function.LongFunction;

/** Ways to name the instruction that made an access. */
public final class Symbolizers {

    private Symbolizers() {
    }

    /**
     * Names instructions of this JVM's process, {@code libz.so.1!crc32_z+0x4c}: right in a tracedffi
     * child, where the native calls ran. The memory map is read at the first use, once per returned function,
     * so use a fresh one per message.
     */
    public static LongFunction<String> currentProcess() {
        Symbolizer symbolizer = new Symbolizer();
        return new LongFunction<>() {
            private ProcMaps maps;

            @Override
            public String apply(long address) {
                if (maps == null) {
                    maps = ProcMaps.of(ProcessHandle.current().pid());
                }
                return symbolizer.symbolize(maps, address);
            }
        };
    }

    /**
     * {@code symbolizer}'s name followed by the instruction in Intel syntax where {@code instructions} has it:
     * {@code libbuggy.so!fill+0x12 (mov byte ptr [rdi+rax*1], 0x41)}.
     */
    public static LongFunction<String> withInstructionText(LongFunction<String> symbolizer,
                                                           Map<Long, InstructionInfo> instructions) {
        if (instructions.isEmpty()) {
            return symbolizer;
        }
        return address -> {
            InstructionInfo instruction = instructions.get(address);
            String name = symbolizer.apply(address);
            return instruction == null || instruction.text().isEmpty() ? name : name + " (" + instruction.text() + ")";
        };
    }

    /** Names instructions by address only: {@code 0x7f3a2c01d4e2}. */
    public static LongFunction<String> hex() {
        return address -> "0x" + Long.toHexString(address);
    }
}
