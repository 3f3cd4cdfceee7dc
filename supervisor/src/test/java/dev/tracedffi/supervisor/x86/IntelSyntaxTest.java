package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Intel syntax of the instructions crash and violation reports show most. */
class IntelSyntaxTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0fbe4001|movsx eax, byte ptr [rax+0x1]",
            "c6470510|mov byte ptr [rdi+0x5], 0x10",
            "488b05100000 00|mov rax, qword ptr [rip+0x10]  # 0x1017",
            "f348ab|rep stos qword ptr es:[rdi], rax",
            "f3a4|rep movs byte ptr es:[rdi], byte ptr ds:[rsi]",
            "f3a6|repz cmps byte ptr ds:[rsi], byte ptr es:[rdi]",
            "c5fe6f0e|vmovdqu ymm1, ymmword ptr [rsi]",
            "62f17fc96f0f|vmovdqu8 zmm1{k1}{z}, zmmword ptr [rdi]",
            "64488b042528000000|mov rax, qword ptr fs:0x28",
            "4883e4f0|and rsp, 0xfffffffffffffff0",
            "e8fb0f0000|call 0x2000",
            "0f1f440000|nop dword ptr [rax+rax*1+0x0]",
            "62f3754825c296|vpternlogd [62 f3 75 48 25 c2 96]"})
    void printsLikeObjdump(String hex, String expected) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        Instruction insn = X86Decoder.decode(bytes, 0, bytes.length, 0x1000);
        assertThat(IntelSyntax.format(insn)).isEqualTo(expected);
    }
}
