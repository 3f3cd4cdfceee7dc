package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Addressing fields, effective addresses, EVEX details, re-encoding and robustness of the decoder. */
class X86DecoderTest {

    private static final long ADDRESS = 0x40_0000;

    private static Instruction decode(String hex) {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
        return X86Decoder.decode(bytes, 0, bytes.length, ADDRESS);
    }

    private static MemOperand only(Instruction insn) {
        assertThat(insn.memOperands()).as("%s", insn).hasSize(1);
        return insn.memOperands().get(0);
    }

    /** Registers: rN = 0x1000 * (N + 1), fs base 0x7000_0000, gs base 0x8000_0000. */
    private static final RegisterFile REGS = new RegisterFile() {
        @Override
        public long gpr(int encodingIndex) {
            return 0x1000L * (encodingIndex + 1);
        }

        @Override
        public long rip() {
            return ADDRESS;
        }

        @Override
        public long fsBase() {
            return 0x7000_0000L;
        }

        @Override
        public long gsBase() {
            return 0x8000_0000L;
        }
    };

    @Test
    void evexCompressedDisp8ScalesByTheFullVector() {
        MemOperand op = only(decode("62 f1 fe 48 6f 40 01")); // vmovdqu64 zmm0, [rax+0x40]
        assertThat(op.displacement()).isEqualTo(0x40);
        assertThat(op.dispScale()).isEqualTo(64);
        assertThat(op.displacementOffset()).isEqualTo(6);
        assertThat(op.displacementSize()).isEqualTo(1);
    }

    @Test
    void evexBroadcastReadsOneElementAndScalesDisp8ByIt() {
        MemOperand op = only(decode("62 f1 75 58 fe 40 02")); // vpaddd zmm0, zmm1, [rax+8]{1to16}
        assertThat(op.broadcast()).isTrue();
        assertThat(op.size()).isEqualTo(64);
        assertThat(op.elementSize()).isEqualTo(4);
        assertThat(op.accessedBytes()).isEqualTo(4);
        assertThat(op.displacement()).isEqualTo(8);
        assertThat(op.dispScale()).isEqualTo(4);
    }

    @Test
    void compressStoreScalesDisp8ByTheElement() {
        MemOperand op = only(decode("62 f2 7d 49 8b 40 02")); // vpcompressd [rax+8]{k1}, zmm0
        assertThat(op.access()).isEqualTo(Access.COND_WRITE);
        assertThat(op.displacement()).isEqualTo(8);
        assertThat(op.elementSize()).isEqualTo(4);
    }

    @Test
    void evexRoundingControlReusesTheLengthBits() {
        Instruction insn = decode("62 f1 74 78 58 c2"); // vaddps zmm0, zmm1, zmm2, {rz-sae}: L'L = 3
        assertThat(insn.known()).isTrue();
        assertThat(insn.memOperands()).isEmpty();
        assertThat(decode("62 f1 74 68 58 00").invalid()).as("L'L = 3 with memory is reserved").isTrue();
    }

    @Test
    void evexGatherUsesTheHighVectorIndexAndCountsElements() {
        // vpgatherdq zmm0{k1}, [rdx+ymm17*8+0x40]: dword indices in a ymm, 8 qword elements
        MemOperand op = only(decode("62 f2 fd 41 90 44 ca 08"));
        assertThat(op.vsib()).isTrue();
        assertThat(op.index()).isEqualTo(17);
        assertThat(op.base()).isEqualTo(2);
        assertThat(op.scale()).isEqualTo(8);
        assertThat(op.vsibElements()).isEqualTo(8);
        assertThat(op.elementSize()).isEqualTo(8);
        assertThat(op.size()).isEqualTo(64);
        assertThat(op.displacement()).isEqualTo(0x40);
        assertThat(op.access()).isEqualTo(Access.COND_READ);
        assertThat(op.elementAddress(REGS, -2)).isEqualTo(0x3000 - 16 + 0x40);
    }

    @Test
    void ripRelativeCountsFromTheNextInstruction() {
        Instruction insn = decode("8b 05 00 01 00 00"); // mov eax, [rip+0x100]
        MemOperand op = only(insn);
        assertThat(op.ripRelative()).isTrue();
        assertThat(op.effectiveAddress(REGS)).isEqualTo(ADDRESS + 6 + 0x100);
    }

    @Test
    void fsSegmentAddsItsBase() {
        MemOperand op = only(decode("64 8b 44 8b f8")); // mov eax, fs:[rbx+rcx*4-8]
        assertThat(op.segment()).isEqualTo(Segment.FS);
        assertThat(op.effectiveAddress(REGS)).isEqualTo(0x7000_0000L + 0x4000 + 0x2000 * 4 - 8);
    }

    @Test
    void addressSizePrefixWrapsAt4GiB() {
        MemOperand op = only(decode("67 8b 44 58 10")); // mov eax, [eax+ebx*2+0x10]
        assertThat(op.addressSize()).isEqualTo(32);
        RegisterFile high = new RegisterFile() {
            @Override
            public long gpr(int i) {
                return i == 0 ? 0x1_FFFF_FFF0L : 0;
            }

            @Override
            public long rip() {
                return 0;
            }

            @Override
            public long fsBase() {
                return 0;
            }

            @Override
            public long gsBase() {
                return 0;
            }
        };
        assertThat(op.effectiveAddress(high)).isEqualTo(0);
    }

    @Test
    void rexExtendsBaseAndIndex() {
        MemOperand op = only(decode("4b 8b 84 ec 78 56 34 12")); // mov rax, [r12+r13*8+0x12345678]
        assertThat(op.base()).isEqualTo(12);
        assertThat(op.index()).isEqualTo(13);
        assertThat(op.scale()).isEqualTo(8);
        assertThat(op.displacement()).isEqualTo(0x12345678);
        assertThat(op.displacementOffset()).isEqualTo(4);
        assertThat(op.size()).isEqualTo(8);
    }

    @Test
    void rbpAndR13BasesNeedADisplacementByte() {
        assertThat(only(decode("80 45 00 01")).base()).isEqualTo(5); // add byte [rbp+0], 1
        MemOperand r13 = only(decode("49 c7 45 00 01 00 00 00")); // mov qword [r13+0], 1
        assertThat(r13.base()).isEqualTo(13);
        assertThat(r13.size()).isEqualTo(8);
    }

    @Test
    void rspBaseNeedsASib() {
        MemOperand op = only(decode("48 8b 44 24 08")); // mov rax, [rsp+8]
        assertThat(op.base()).isEqualTo(4);
        assertThat(op.index()).isEqualTo(-1);
    }

    @Test
    void stackSlotsAreImplicitAndRelativeToRsp() {
        Instruction call = decode("e8 fb 00 00 00");
        assertThat(call.controlTransfer()).isTrue();
        MemOperand slot = only(call);
        assertThat(slot.implicit()).isTrue();
        assertThat(slot.base()).isEqualTo(4);
        assertThat(slot.displacement()).isEqualTo(-8);
        assertThat(slot.effectiveAddress(REGS)).isEqualTo(0x5000 - 8);
    }

    @Test
    void branchesAreControlTransfers() {
        for (String hex : new String[] {"75 1e", "e2 02", "e3 02", "cc", "c3", "ff 10", "ff e0"}) {
            assertThat(decode(hex).controlTransfer()).as(hex).isTrue();
        }
        assertThat(decode("0f 05").controlTransfer()).as("syscall returns to the next instruction").isFalse();
        assertThat(decode("89 08").controlTransfer()).isFalse();
    }

    @Test
    void stringInstructionsDescribeOneIteration() {
        Instruction movs = decode("f3 a4");
        assertThat(movs.stringOp()).isEqualTo(new StringOp(StringOp.Kind.MOVS, 1, StringOp.Rep.REP));
        assertThat(movs.mnemonic()).isEqualTo("rep movsb");
        assertThat(movs.memOperands()).extracting(MemOperand::base).containsExactly(7, 6);

        Instruction scas = decode("f2 ae");
        assertThat(scas.stringOp()).isEqualTo(new StringOp(StringOp.Kind.SCAS, 1, StringOp.Rep.REPNE));

        MemOperand lods = only(decode("64 ac"));
        assertThat(lods.segment()).as("rsi honours the override").isEqualTo(Segment.FS);

        assertThat(decode("48 ab").stringOp().elementSize()).isEqualTo(8);
        assertThat(decode("89 08").stringOp()).isNull();
    }

    @Test
    void xlatIndexesByAl() {
        MemOperand op = only(decode("d7"));
        assertThat(op.effectiveAddress(REGS)).isEqualTo(0x4000 + (0x1000 & 0xFF));
    }

    @Test
    void moffsCarriesTheAbsoluteAddress() {
        MemOperand op = only(decode("a0 88 77 66 55 44 33 22 11"));
        assertThat(op.displacement()).isEqualTo(0x1122334455667788L);
        assertThat(op.displacementSize()).isEqualTo(8);
        assertThat(op.effectiveAddress(REGS)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void withDisplacementRewritesTheDisp32InPlace() {
        Instruction insn = decode("4b 8b 84 ec 78 56 34 12");
        byte[] moved = X86Decoder.withDisplacement(insn, insn.memOperands().get(0), 0x12345678L + 0x4000_0000L);
        Instruction reread = X86Decoder.decode(moved, 0, moved.length, ADDRESS);
        assertThat(reread.length()).isEqualTo(insn.length());
        assertThat(reread.memOperands().get(0).displacement()).isEqualTo(0x52345678L);
        assertThat(X86Decoder.withDisplacement(insn, insn.memOperands().get(0), 1L << 33)).isNull();
    }

    @Test
    void withDisplacementKeepsDisp8OnlyWhenItFits() {
        Instruction insn = decode("62 f1 fe 48 6f 40 01"); // disp8*64
        MemOperand op = insn.memOperands().get(0);
        assertThat(X86Decoder.decode(X86Decoder.withDisplacement(insn, op, -128), 0, 7, 0).memOperands().get(0)
                .displacement()).isEqualTo(-128);
        assertThat(X86Decoder.withDisplacement(insn, op, 65)).as("not a multiple of 64").isNull();
        assertThat(X86Decoder.withDisplacement(insn, op, 64 * 200)).as("out of disp8 range").isNull();
        Instruction push = decode("50");
        assertThat(X86Decoder.withDisplacement(push, push.memOperands().get(0), 8)).as("implicit").isNull();
    }

    @Test
    void lockOnANonLockableInstructionIsInvalid() {
        Instruction insn = decode("f0 89 08"); // lock mov [rax], ecx: #UD
        assertThat(insn.known()).isFalse();
        assertThat(insn.invalid()).isTrue();
        assertThat(insn.length()).isEqualTo(3);
    }

    @Test
    void rexBeforeALegacyPrefixIsIgnored() {
        // 48 66 89 08: REX.W is voided by the 66 after it, so this is a 16-bit store
        assertThat(only(decode("48 66 89 08")).size()).isEqualTo(2);
        assertThat(only(decode("66 48 89 08")).size()).as("REX.W wins over 66").isEqualTo(8);
    }

    @Test
    void truncatedInputIsUnknownWithLengthZero() {
        Instruction insn = decode("48 8b 84 ec 78 56");
        assertThat(insn.known()).isFalse();
        assertThat(insn.length()).isZero();
        assertThat(X86Decoder.decode(new byte[0], 0, 0, 0).length()).isZero();
        assertThat(X86Decoder.decode(new byte[4], 7, 4, 0).known()).isFalse();
    }

    @Test
    void moreThanFifteenBytesIsNotAnInstruction() {
        Instruction insn = decode("66 66 66 66 66 66 66 66 66 66 66 66 66 66 90");
        assertThat(insn.length()).isEqualTo(15);
        assertThat(decode("66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 90").length()).isZero();
    }

    @Test
    void unknownOpcodesAreReportedNotGuessed() {
        Instruction insn = decode("0f ae 20"); // xsave [rax]
        assertThat(insn.known()).isFalse();
        assertThat(insn.invalid()).isFalse();
        assertThat(insn.length()).isEqualTo(3);
        assertThat(insn.memOperands()).isEmpty();
    }

    @Test
    void bytesAreACopy() {
        Instruction insn = decode("89 08");
        insn.bytes()[0] = 0;
        assertThat(insn.bytes()[0]).isEqualTo((byte) 0x89);
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random random = new java.util.Random(42);
        byte[] noise = new byte[1 << 16];
        random.nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            Instruction insn = X86Decoder.decode(noise, i, noise.length - i, i);
            assertThat(insn.length()).isBetween(0, 15);
        }
    }
}
