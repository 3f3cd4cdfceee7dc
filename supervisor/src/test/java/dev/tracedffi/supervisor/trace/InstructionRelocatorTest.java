package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.RegisterFile;
import dev.tracedffi.supervisor.x86.X86Decoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Relocated instructions touch exactly their original operand plus the delta, from their new address. */
class InstructionRelocatorTest {

    private static final long ORIGINAL = 0x7f12_3456_7000L;
    /** Within 2 GiB of the original, so a rip-relative operand can be re-based. */
    private static final long TRAMPOLINE = 0x7f12_5000_1040L;
    private static final long DELTA = 1L << 30;

    /** Every register holds a distinct address-like value, so a wrong base or index shows. */
    private static RegisterFile registers(long rip) {
        return new RegisterFile() {
            @Override
            public long gpr(int encodingIndex) {
                return 0x7f00_0000_0000L + 0x1_0000L * (encodingIndex + 1);
            }

            @Override
            public long rip() {
                return rip;
            }

            @Override
            public long fsBase() {
                return 0x7e00_0000_0000L;
            }

            @Override
            public long gsBase() {
                return 0;
            }
        };
    }

    private static Instruction decode(String hex, long address) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        return X86Decoder.decode(bytes, 0, bytes.length, address);
    }

    // encodings from GNU as (objdump -d -M intel)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "89 08",                    // mov [rax], ecx: no displacement, widened to disp32
            "62 e1 fe 48 7f 47 01",     // vmovdqu64 [rdi+0x40], zmm16: EVEX compressed disp8*64, widened
            "62 e1 7f 29 7f 4f 01",     // vmovdqu8 [rdi+0x20]{k1}, ymm17: masked store
            "8b 04 8b",                 // mov eax, [rbx+rcx*4]: SIB without displacement
            "41 8b 45 00",              // mov eax, [r13+0]: disp8, base needs one
            "41 8b 04 24",              // mov eax, [r12]: SIB required by the base
            "8b 05 00 01 00 00",        // mov eax, [rip+0x100]: re-based for the trampoline
            "c7 00 78 56 34 12",        // mov dword [rax], imm32: the immediate follows the new disp32
            "8b 04 cd 10 00 00 00",     // mov eax, [rcx*8+0x10]: no base, disp32 rewritten in place
            "64 f0 48 83 00 01",        // lock add qword fs:[rax], 1: prefixes and segment kept
            "8b 80 00 00 00 10"})       // mov eax, [rax+0x10000000]: disp32 in place
    void relocatedOperandIsTheOriginalPlusDelta(String hex) {
        Instruction original = decode(hex, ORIGINAL);
        MemOperand op = original.memOperands().get(0);

        byte[] moved = InstructionRelocator.relocate(original, op, DELTA, TRAMPOLINE);

        assertThat(moved).isNotNull();
        Instruction relocated = X86Decoder.decode(moved, 0, moved.length, TRAMPOLINE);
        assertThat(relocated.length()).isEqualTo(moved.length);
        assertThat(relocated.mnemonic()).isEqualTo(original.mnemonic());
        MemOperand movedOp = relocated.memOperands().get(0);
        assertThat(movedOp.effectiveAddress(registers(TRAMPOLINE)))
                .isEqualTo(op.effectiveAddress(registers(ORIGINAL)) + DELTA);
        assertThat(movedOp.access()).isEqualTo(op.access());
        assertThat(movedOp.size()).isEqualTo(op.size());
    }

    @Test
    void widenedEncodingIsTheOneAnAssemblerWouldPick() {
        // mov [rax], ecx -> mov [rax+0x40000000], ecx is 89 88 00 00 00 40
        assertThat(InstructionRelocator.relocate(decode("89 08", ORIGINAL),
                decode("89 08", ORIGINAL).memOperands().get(0), DELTA, TRAMPOLINE))
                .isEqualTo(HexFormat.of().parseHex("898800000040"));
    }

    @Test
    void displacementThatNoLongerFitsIsRefused() {
        Instruction insn = decode("8b 80 00 00 00 70", ORIGINAL); // mov eax, [rax+0x70000000]
        assertThat(InstructionRelocator.relocate(insn, insn.memOperands().get(0), DELTA, TRAMPOLINE)).isNull();
    }

    @Test
    void ripRelativeOperandOutOfReachOfTheTrampolineIsRefused() {
        Instruction insn = decode("8b 05 00 01 00 00", ORIGINAL); // mov eax, [rip+0x100]
        assertThat(InstructionRelocator.relocate(insn, insn.memOperands().get(0), DELTA, ORIGINAL + (4L << 30))).isNull();
    }

    @Test
    void implicitStackOperandsAreRefused() {
        Instruction push = decode("ff 30", ORIGINAL); // push qword [rax]
        for (MemOperand op : push.memOperands()) {
            assertThat(InstructionRelocator.relocate(push, op, DELTA, TRAMPOLINE)).isNull();
        }
    }

    @Test
    void jumpBackIsRel32WhenInRangeElseIndirect() {
        assertThat(DisplacedExecution.jump(0x1000, 0x2000)).isEqualTo(HexFormat.of().parseHex("e9fb0f0000"));
        byte[] far = DisplacedExecution.jump(0x1000, 0x7f00_0000_0000L);
        assertThat(far).hasSize(14).startsWith(0xff, 0x25, 0, 0, 0, 0);
        assertThat(HexFormat.of().formatHex(far, 6, 14)).isEqualTo("00000000007f0000");
    }
}
