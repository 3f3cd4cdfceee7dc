package dev.tracedffi.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the supervisor knows of one instruction that accessed tracked memory in a call, sent once per
 * instruction rather than with every event.
 *
 * @param ip          the instruction's address, as in {@link AccessEvent#ip()}
 * @param text        the instruction in Intel syntax ({@code movsx eax, byte ptr [rax+0x1]}); empty when it
 *                    was not decoded
 * @param nativeStack the native call stack at its first access outside the call's live buffers, one line
 *                    per frame down to the JVM boundary
 *                    ({@code #0 0x7f.. in libbuggy.so!fill+0x5 buggy.c:12 (libbuggy.so+0x1105)}); empty when
 *                    every access of the instruction stayed inside a buffer (no stack is unwound for those)
 */
public record InstructionInfo(long ip, String text, List<String> nativeStack) {
    public InstructionInfo {
        Objects.requireNonNull(text, "text");
        nativeStack = List.copyOf(nativeStack);
    }
}
