package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Access kinds and sizes per opcode family. objdump has no notion of access kind (and capstone gets
 * many stores wrong), so every row states the kind and the reason. Encodings come from GNU as.
 * Expected notation as in Audit --dump: operands in Intel order then implicit ones, "-" none, "?" unknown.
 */
class AccessKindTableTest {

    private static final String TABLE = """
                add [m], r: the destination is read, added to and written back|01 08|RW:4
                mov [m], r: a pure store|89 08|W:4
                mov r, [m]: a pure load|8b 08|R:4
                cmp [m], r: compares, writes only flags|39 08|R:4
                test [m], r: and without storing|84 08|R:1
                lock add: atomic read-modify-write|f0 48 83 00 01|RW:8
                xchg [m], r: swaps, so reads and writes (implicitly locked)|48 87 08|RW:8
                lock xadd: returns the old value, stores the sum|f0 48 0f c1 08|RW:8
                cmpxchg: writes back even when the comparison fails|f0 48 0f b1 08|RW:8
                cmpxchg16b: 16-byte compare-exchange (REX.W)|f0 48 0f c7 08|RW:16
                cmpxchg8b: 8-byte compare-exchange|0f c7 08|RW:8
                inc [m]: read-modify-write|ff 00|RW:4
                not [m]: read-modify-write|f6 10|RW:1
                shift [m]: read-modify-write|48 c1 20 03|RW:8
                setcc [m]: stores one byte whatever the condition|0f 95 00|W:1
                cmovcc r, [m]: the source is read even when the condition is false|48 0f 45 03|R:8
                movzx from m16|0f b7 03|R:2
                imul r, [m], imm: source only|6b 03 0c|R:4
                movsxd reads 32 bits|48 63 03|R:4
                push r: writes the slot below rsp|50|W:8
                push [m]: reads [m], writes the new stack slot|ff 30|R:8 W:8
                push imm: writes the new stack slot|6a 10|W:8
                pop r: reads the slot at rsp|58|R:8
                pop [m]: reads the stack slot, writes [m]|8f 00|W:8 R:8
                call [m]: reads the target, pushes the return address|ff 10|R:8 W:8
                ret: reads the return address at rsp|c3|R:8
                ret imm16: reads the return address at rsp|c2 10 00|R:8
                leave: rsp = rbp, then pops rbp from [rbp]|c9|R:8
                enter size, 0: pushes rbp|c8 20 00 00|W:8
                enter size, 3: pushes rbp, copies two frame pointers from [rbp-16, rbp), pushes the frame|c8 20 00 03|W:32 R:16
                pushf: writes rflags to the new slot|9c|W:8
                popf: reads rflags from the stack|9d|R:8
                movs: two memory operands, es:[rdi] written and [rsi] read|a4|W:1 R:1
                rep movs: one iteration's operands, the tracer scales by rcx|f3 48 a5|W:8 R:8
                rep stosb: writes rcx bytes at rdi (glibc memset)|f3 aa|W:1
                cmps: reads [rsi] and [rdi]|f3 a6|R:1 R:1
                scas: reads es:[rdi]|f2 ae|R:1
                lods: reads [rsi]|ad|R:4
                stos: writes es:[rdi]|66 ab|W:2
                xlat: reads [rbx + al]|d7|R:1
                mov al, moffs: load from an absolute 64-bit address|a0 88 77 66 55 44 33 22 11|R:1
                mov moffs, rax: store to an absolute address|48 a3 88 77 66 55 44 33 22 11|W:8
                lea computes an address, accesses nothing|48 8d 43 08|-
                nop [m] is a hint, accesses nothing|0f 1f 04 00|-
                prefetch never faults and is not an architectural access|0f 18 08|-
                prefetchw: a hint as well|0f 0d 08|-
                endbr64: a marker|f3 0f 1e fa|-
                syscall: no memory operand of its own|0f 05|-
                x87 fld m80: 10-byte extended precision|db 28|R:10
                x87 fstp m80: stores 10 bytes|db 38|W:10
                x87 fld m64|dd 00|R:8
                x87 fistp m16|df 18|W:2
                x87 fild m64|df 28|R:8
                fnstcw stores the control word|d9 38|W:2
                fldcw loads the control word|d9 28|R:2
                fnstenv stores the 28-byte environment|d9 30|W:28
                fnsave stores the 108-byte state|dd 30|W:108
                fisttp m32|db 08|W:4
                fxsave writes the 512-byte area|0f ae 00|W:512
                fxrstor reads the 512-byte area|0f ae 08|R:512
                xsave: the area size depends on XCR0 and edx:eax, unknown statically|0f ae 20|?
                bt [m], r: a register bit offset can reach far beyond [m]|0f a3 08|?
                bt [m], imm: the offset stays within the operand|0f ba 20 03|R:4
                ldmxcsr reads mxcsr|0f ae 10|R:4
                stmxcsr writes mxcsr|0f ae 18|W:4
                movups store|0f 11 00|W:16
                movaps load|0f 28 00|R:16
                movss load: one float|f3 0f 10 00|R:4
                movsd store: one double|f2 0f 11 00|W:8
                movq m64, xmm (66 0F D6) is a store|66 0f d6 00|W:8
                movd m32, xmm is a store|66 0f 7e 00|W:4
                movq xmm, m64 (F3 0F 7E) is a load|f3 0f 7e 00|R:8
                movhps store of the high qword|0f 17 00|W:8
                movlps load of the low qword|0f 12 00|R:8
                movnti: non-temporal store|0f c3 08|W:4
                movntdq: non-temporal store|66 0f e7 00|W:16
                pextrb m8: a store|66 0f 3a 14 00 01|W:1
                pextrq m64: a store|66 48 0f 3a 16 00 01|W:8
                pinsrw reads a word|66 0f c4 00 01|R:2
                extractps m32: a store|66 0f 3a 17 00 01|W:4
                pmovzxbd reads a quarter of the vector|66 0f 38 31 00|R:4
                cvtsi2sd with REX.W reads 64 bits|f2 48 0f 2a 00|R:8
                SSE integer source|66 0f fe 00|R:16
                MMX source is 8 bytes|0f ef 00|R:8
                MMX unpack-low reads only m32|0f 60 00|R:4
                shift count from m128|66 0f d1 00|R:16
                movbe m, r: byte-swapping store|0f 38 f1 08|W:4
                movbe r, m: byte-swapping load|0f 38 f0 08|R:4
                crc32 m8|f2 0f 38 f0 00|R:1
                popcnt source|f3 48 0f b8 03|R:8
                vmovdqu store (capstone reports it as a read)|c5 fe 7f 00|W:32
                vmovdqu load|c5 fe 6f 00|R:32
                vmaskmovps store: only lanes with the mask sign bit are written|c4 e2 75 2e 10|CW:32
                vmaskmovps load: masked-off lanes are not read and do not fault|c4 e2 75 2c 00|CR:32
                vpmaskmovq store: conditional per lane|c4 e2 f5 8e 10|CW:32
                vextracti128 m128: a store|c4 e3 7d 39 00 01|W:16
                vinserti128 reads one lane|c4 e3 7d 38 00 01|R:16
                vpbroadcastb reads one byte|c4 e2 7d 78 00|R:1
                vbroadcastss reads one float|c4 e2 7d 18 00|R:4
                vpgatherdd: VSIB, 8 dword elements selected by the mask|c4 e2 6d 90 04 88|CR:32
                vgatherqpd: VSIB, 4 qword elements|c4 e2 ed 93 04 c8|CR:32
                vcvtps2ph m128: half-width store|c4 e3 7d 1d 00 00|W:16
                vpmovzxbw reads half the vector|c4 e2 7d 30 00|R:16
                scalar FMA reads one double|c4 e2 f1 b9 00|R:8
                vzeroupper has no memory operand|c5 f8 77|-
                BMI andn source|c4 e2 60 f2 00|R:4
                BMI2 shlx source|c4 e2 f1 f7 03|R:8
                kmovw k, m16: load|c5 f8 90 08|R:2
                kmovq m64, k: store|c4 e1 f8 91 08|W:8
                vstmxcsr writes mxcsr|c5 f8 ae 18|W:4
                EVEX store, unmasked|62 f1 fe 48 7f 00|W:64
                EVEX masked store: only selected bytes are written|62 f1 7f 49 7f 00|CW:64
                EVEX masked load: masked-off elements are not read (fault suppression)|62 f1 7e c9 6f 00|CR:64
                EVEX broadcast: one dword is read|62 f1 75 58 fe 00|R:4
                vpscatterdd: VSIB store of the selected elements|62 f2 7d 49 a0 04 88|CW:64
                vpcompressd: stores popcount(k1) consecutive dwords|62 f2 7d 49 8b 00|CW:64
                vpmovqb: masked down-converting store of 8 bytes|62 f2 7e 49 32 00|CW:8
                vpmovdb: down-converting store of 16 bytes|62 f2 7e 48 31 00|W:16
                vextracti32x4 m128: a store|62 f3 7d 48 39 00 01|W:16
                vpternlogd full-vector source|62 f3 75 48 25 40 01 96|R:64
                vpcmpub into a mask: source read|62 f3 7d 48 3e 08 01|R:64
                vpbroadcastq reads one qword|62 f2 fd 48 59 00|R:8
                vbroadcasti32x4 reads one lane|62 f2 7d 48 5a 00|R:16
                vpexpandd: reads popcount(k1) consecutive dwords|62 f2 7d 49 89 00|CR:64
                masked scalar store|62 f1 7e 09 11 00|CW:4
                EVEX broadcast of a qword|62 f1 f5 58 db 00|R:8
            """;

    static Stream<Arguments> rows() {
        return TABLE.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\|"))
                .map(f -> Arguments.of(f[0], f[1], f[2]));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rows")
    void accessKindAndSize(String reason, String hex, String expected) {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
        Instruction insn = X86Decoder.decode(bytes, 0, bytes.length, 0x1000);

        assertThat(insn.length()).as("length of %s", hex).isEqualTo(bytes.length);
        assertThat(OperandNotation.of(insn)).as("%s (%s)", reason, insn).isEqualTo(expected);
    }
}
