package dev.tracedffi.supervisor.x86;

import java.util.Arrays;
import java.util.List;

/**
 * One instruction being decoded: prefixes, opcode, ModRM/SIB/displacement, immediates, then the
 * memory operands from {@link OpcodeTable}. Mutable scratch reused per thread by {@link X86Decoder},
 * so the hot path allocates only the result.
 */
final class Decoding {

    private static final int MAX_LENGTH = 15;
    private static final int RBX = 3;
    private static final int RSP = 4;
    private static final int RBP = 5;
    private static final int RSI = 6;
    private static final int RDI = 7;
    private static final String UNKNOWN = "(unknown)";

    /** Thrown when the instruction runs past the available bytes; preallocated, it carries no stack. */
    private static final class Truncated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Truncated() {
            super(null, null, false, false);
        }
    }

    private static final Truncated TRUNCATED = new Truncated();

    private byte[] code;
    private int start;
    private int limit;
    private int pos;

    private boolean operandSize16;
    private boolean addressSize32;
    private boolean lock;
    private int repPrefix;
    private Segment segment;
    private int rex;

    private int encoding;
    private int map;
    private int pp;
    private boolean w;
    private int rexX;
    private int rexB;
    private int rexR;
    /** VEX/EVEX vvvv (and EVEX V'), inverted back to a register number; -1 for legacy. */
    private int vvvv;
    private boolean evexZero;
    private int evexRHigh;
    private int vectorLength;
    private int evexMask;
    private boolean evexBroadcast;
    /** EVEX.L'L: the vector length, or the rounding mode when EVEX.b is set on a register form. */
    private int evexLengthCode;
    private int evexIndexHigh;
    /** The CPU raises #UD for these bytes (the layout may still be known, so the length is). */
    private boolean invalid;
    /** #UD and not even the operand layout is defined: the length stops at the opcode. */
    private boolean undecodable;
    private int opcode;

    private int modrm;
    private int modrmOffset;
    private int mod;
    private int reg;
    private int sib;
    private int base;
    private int index;
    private int scale;
    private long displacement;
    private int displacementOffset;
    private int displacementSize;
    private int immediateOffset;
    private int immediateSize;

    Instruction decode(byte[] code, int offset, int available, long address) {
        this.code = code;
        this.start = offset;
        this.limit = offset + Math.min(available, MAX_LENGTH);
        reset();
        try {
            readPrefixesAndOpcode();
            if (!undecodable) {
                readOperandBytes();
            }
        } catch (Truncated truncated) {
            return unknown(address, 0, UNKNOWN);
        }
        int length = pos - start;
        if (undecodable) {
            return invalid(address, length, UNKNOWN);
        }
        return describe(address, length);
    }

    /** Offset of the ModRM byte in the instruction last decoded, -1 if it has none. */
    int modrmOffset() {
        return modrmOffset;
    }

    private void reset() {
        pos = start;
        operandSize16 = false;
        addressSize32 = false;
        lock = false;
        repPrefix = 0;
        segment = Segment.NONE;
        rex = 0;
        encoding = OpcodeTable.LEGACY;
        map = 0;
        pp = 0;
        w = false;
        rexX = 0;
        rexB = 0;
        rexR = 0;
        vvvv = -1;
        evexZero = false;
        evexRHigh = 0;
        vectorLength = 16;
        evexMask = 0;
        evexBroadcast = false;
        evexLengthCode = 0;
        evexIndexHigh = 0;
        invalid = false;
        undecodable = false;
        modrm = -1;
        modrmOffset = -1;
        mod = 0;
        reg = 0;
        sib = -1;
        base = -1;
        index = -1;
        scale = 1;
        displacement = 0;
        displacementOffset = -1;
        displacementSize = 0;
        immediateOffset = -1;
        immediateSize = 0;
    }

    private int next() {
        if (pos >= limit || pos >= code.length) {
            throw TRUNCATED;
        }
        return code[pos++] & 0xFF;
    }

    private int peek() {
        if (pos >= limit || pos >= code.length) {
            throw TRUNCATED;
        }
        return code[pos] & 0xFF;
    }

    // ---------------------------------------------------------------- prefixes and opcode

    private void readPrefixesAndOpcode() {
        while (true) {
            int b = next();
            switch (b) {
                case 0xF0 -> lock = true;
                case 0xF2, 0xF3 -> repPrefix = b;
                case 0x66 -> operandSize16 = true;
                case 0x67 -> addressSize32 = true;
                case 0x26, 0x2E, 0x36, 0x3E -> segment = Segment.NONE;
                case 0x64 -> segment = Segment.FS;
                case 0x65 -> segment = Segment.GS;
                default -> {
                    if ((b & 0xF0) == 0x40) {
                        rex = b;
                        continue;
                    }
                    readOpcode(b);
                    return;
                }
            }
            // REX counts only immediately before the opcode; a legacy prefix after it voids it.
            rex = 0;
        }
    }

    private void readOpcode(int first) {
        w = (rex & 8) != 0;
        rexX = (rex >> 1) & 1;
        rexB = rex & 1;
        rexR = (rex >> 2) & 1;
        pp = repPrefix == 0xF3 ? 2 : repPrefix == 0xF2 ? 3 : operandSize16 ? 1 : 0;
        switch (first) {
            case 0x0F -> {
                int second = next();
                if (second == 0x38) {
                    map = 2;
                    opcode = next();
                } else if (second == 0x3A) {
                    map = 3;
                    opcode = next();
                } else if (second == 0x0F) {
                    // 3DNow!: ModRM, then the real opcode as an imm8 suffix; not supported by Intel CPUs.
                    map = 1;
                    opcode = 0x0F;
                    undecodable = true;
                    readModRm();
                    next();
                } else {
                    map = 1;
                    opcode = second;
                }
            }
            case 0xC4, 0xC5 -> readVex(first);
            case 0x62 -> readEvex();
            case 0x8F -> {
                if ((peek() & 0x1F) >= 8) {
                    readXop();
                } else {
                    opcode = first;
                }
            }
            default -> opcode = first;
        }
    }

    private void checkNoLegacyPrefixForVex() {
        // VEX/EVEX encode the mandatory prefix themselves; 66/F2/F3/F0/REX before them is #UD.
        if (operandSize16 || repPrefix != 0 || lock || rex != 0) {
            invalid = true;
        }
    }

    private void readVex(int escape) {
        checkNoLegacyPrefixForVex();
        encoding = OpcodeTable.VEX;
        int b1 = next();
        if (escape == 0xC5) {
            map = 1;
            w = false;
            rexX = 0;
            rexB = 0;
            rexR = (~b1 >> 7) & 1;
            vvvv = (~b1 >> 3) & 15;
            vectorLength = (b1 & 4) != 0 ? 32 : 16;
            pp = b1 & 3;
        } else {
            rexX = (~b1 >> 6) & 1;
            rexB = (~b1 >> 5) & 1;
            rexR = (~b1 >> 7) & 1;
            map = b1 & 0x1F;
            int b2 = next();
            vvvv = (~b2 >> 3) & 15;
            w = (b2 & 0x80) != 0;
            vectorLength = (b2 & 4) != 0 ? 32 : 16;
            pp = b2 & 3;
            if (map < 1 || map > 3) {
                undecodable = true; // no such VEX map: #UD, and no layout to measure
                return;
            }
        }
        opcode = next();
    }

    private void readEvex() {
        checkNoLegacyPrefixForVex();
        encoding = OpcodeTable.EVEX;
        int p0 = next();
        int p1 = next();
        int p2 = next();
        rexX = (~p0 >> 6) & 1;
        rexB = (~p0 >> 5) & 1;
        rexR = (~p0 >> 7) & 1;
        evexRHigh = (~p0 >> 4) & 1;
        vvvv = ((~p1 >> 3) & 15) | (((~p2 >> 3) & 1) << 4);
        evexZero = (p2 & 0x80) != 0;
        map = p0 & 7;
        w = (p1 & 0x80) != 0;
        pp = p1 & 3;
        evexMask = p2 & 7;
        evexBroadcast = (p2 & 0x10) != 0;
        evexIndexHigh = (~p2 >> 3) & 1;
        evexLengthCode = (p2 >> 5) & 3;
        vectorLength = 16 << Math.min(evexLengthCode, 2);
        if ((p1 & 4) == 0 || (p0 & 8) != 0) {
            invalid = true;
        }
        if (map == 0 || map == 4 || map == 7) {
            undecodable = true; // no such EVEX map on this architecture level
            return;
        }
        // maps 5 and 6 (AVX512-FP16) are laid out like map 2; their semantics are not covered (unknown)
        opcode = next();
    }

    private void readXop() {
        // AMD XOP: VEX-like, maps 8 (imm8), 9 (none) and 10 (imm32). Unknown to Intel CPUs.
        int b1 = next();
        next();
        int xopMap = b1 & 0x1F;
        opcode = next();
        undecodable = true;
        if (xopMap > 10) {
            return;
        }
        readModRm();
        pos += xopMap == 8 ? 1 : xopMap == 10 ? 4 : 0;
        if (pos > limit || pos > code.length) {
            throw TRUNCATED;
        }
    }

    // ---------------------------------------------------------------- ModRM, SIB, displacement, immediates

    private void readOperandBytes() {
        if (encoding != OpcodeTable.LEGACY) {
            if (!(map == 1 && opcode == 0x77)) {
                readModRm();
            }
            if (map == 3 || (map == 1 && vexImmediateOpcode(opcode))) {
                readImmediate(1);
            }
            return;
        }
        if (map >= 2) {
            readModRm();
            if (map == 3) {
                readImmediate(1);
            }
            return;
        }
        int kind = LegacyLayout.immediate(map, opcode);
        if (kind == LegacyLayout.INVALID) {
            undecodable = true;
            return;
        }
        if (map == 1 && opcode >= 0x20 && opcode <= 0x23) {
            // mov to/from control and debug registers: ModRM.mod is ignored, the operand is a register
            modrm = next();
            mod = 3;
            reg = (modrm >> 3) & 7;
        } else if (LegacyLayout.hasModRm(map, opcode)) {
            readModRm();
        }
        switch (kind) {
            case LegacyLayout.IB -> readImmediate(1);
            case LegacyLayout.IW -> readImmediate(2);
            case LegacyLayout.IZ -> readImmediate(operandSize16 && !w ? 2 : 4);
            case LegacyLayout.IV -> readImmediate(w ? 8 : operandSize16 ? 2 : 4);
            case LegacyLayout.IW_IB -> readImmediate(3);
            case LegacyLayout.MOFFS -> readImmediate(addressSize32 ? 4 : 8);
            case LegacyLayout.REL32 -> readImmediate(4);
            case LegacyLayout.GROUP3 -> {
                if (reg < 2) {
                    readImmediate(opcode == 0xF6 ? 1 : operandSize16 && !w ? 2 : 4);
                }
            }
            default -> { }
        }
    }

    private static boolean vexImmediateOpcode(int op) {
        return (op >= 0x70 && op <= 0x73) || (op >= 0xC2 && op <= 0xC6);
    }

    private void readModRm() {
        modrmOffset = pos - start;
        modrm = next();
        mod = modrm >> 6;
        reg = (modrm >> 3) & 7;
        int rm = modrm & 7;
        if (mod == 3) {
            return;
        }
        if (rm == 4) {
            sib = next();
            scale = 1 << (sib >> 6);
            int sibIndex = ((sib >> 3) & 7) | (rexX << 3);
            index = sibIndex == 4 ? -1 : sibIndex;
            if ((sib & 7) == 5 && mod == 0) {
                readDisplacement(4);
            } else {
                base = (sib & 7) | (rexB << 3);
            }
        } else if (rm == 5 && mod == 0) {
            base = MemOperand.RIP;
            readDisplacement(4);
        } else {
            base = rm | (rexB << 3);
        }
        if (mod == 1) {
            readDisplacement(1);
        } else if (mod == 2) {
            readDisplacement(4);
        }
    }

    private void readDisplacement(int size) {
        displacementOffset = pos - start;
        displacementSize = size;
        displacement = size == 1 ? (byte) next() : readLittleEndian(4, true);
    }

    private void readImmediate(int size) {
        immediateOffset = pos - start;
        immediateSize = size;
        for (int i = 0; i < size; i++) {
            next();
        }
    }

    private long readLittleEndian(int size, boolean signed) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) next() << (8 * i);
        }
        if (signed && size == 4) {
            value = (int) value;
        }
        return value;
    }

    private long immediateValue(boolean signExtend32) {
        long value = 0;
        for (int i = 0; i < immediateSize; i++) {
            value |= (long) (code[start + immediateOffset + i] & 0xFF) << (8 * i);
        }
        return signExtend32 && immediateSize == 4 ? (int) value : value;
    }

    // ---------------------------------------------------------------- semantics

    private Instruction describe(long address, int length) {
        boolean registerForm = modrm >= 0 && mod == 3;
        boolean embeddedRounding = encoding == OpcodeTable.EVEX && evexBroadcast && registerForm;
        if (invalid || (encoding == OpcodeTable.EVEX && evexLengthCode == 3 && !embeddedRounding)) {
            return invalid(address, length, UNKNOWN);
        }
        if (map > 3) {
            return unknown(address, length, unknownName());
        }
        if (encoding == OpcodeTable.LEGACY && map == 1 && opcode == 0x01 && registerForm) {
            return SystemInstructions.isKnownRegisterForm(modrm)
                    ? new Instruction(address, copy(length), true, false, "0f01", List.of(), false, null, encoding())
                    : unknown(address, length, UNKNOWN);
        }
        OpcodeSpec spec = OpcodeTable.lookup(encoding, map, pp, opcode, registerForm, reg);
        if (spec == null) {
            return unknown(address, length, unknownName());
        }
        int wIndex = w ? 1 : 0;
        String mnemonic = spec.mnemonic[wIndex];
        boolean memoryForm = modrm >= 0 && mod != 3;
        if (lock && !(spec.lockable && memoryForm)) {
            return invalid(address, length, "lock " + mnemonic);
        }
        if (spec.undefined || (encoding == OpcodeTable.EVEX && contradictsElementWidth(spec))) {
            return invalid(address, length, mnemonic);
        }
        if (memoryForm && spec.memoryFootprintUnknown) {
            return unknown(address, length, mnemonic);
        }
        MemOperand explicit = null;
        if (memoryForm && spec.hasMemoryOperand()) {
            explicit = explicitOperand(spec, wIndex, length);
            if (explicit == null) {
                return invalid(address, length, mnemonic);
            }
        } else if (encoding == OpcodeTable.EVEX && evexBroadcast && memoryForm) {
            return invalid(address, length, mnemonic);
        }
        StringOp stringOp = null;
        List<MemOperand> operands;
        switch (spec.implicit) {
            case NONE -> operands = explicit == null ? List.of() : List.of(explicit);
            case PUSH -> {
                int size = OperandSize.V64.bytes(operandSize16, false, 0);
                operands = withStackSlot(explicit, Access.WRITE, size, RSP, -size, length);
            }
            case POP -> operands = withStackSlot(explicit, Access.READ,
                    OperandSize.V64.bytes(operandSize16, false, 0), RSP, 0, length);
            case CALL -> operands = withStackSlot(explicit, Access.WRITE, 8, RSP, -8, length);
            case RET -> operands = withStackSlot(explicit, Access.READ, 8, RSP, 0, length);
            case LEAVE -> operands = withStackSlot(null, Access.READ,
                    OperandSize.V64.bytes(operandSize16, false, 0), RBP, 0, length);
            case ENTER -> operands = enterOperands(length);
            case FAR_RET -> {
                int slot = w ? 8 : operandSize16 ? 2 : 4;
                operands = withStackSlot(null, Access.READ, 2 * slot, RSP, 0, length);
            }
            case IRET -> {
                int slot = w ? 8 : operandSize16 ? 2 : 4;
                operands = withStackSlot(null, Access.READ, 5 * slot, RSP, 0, length);
            }
            case XLAT -> operands = List.of(new MemOperand(Access.READ, 1, 1, segment, RBX, MemOperand.INDEX_AL, 1, 0,
                    -1, 0, 1, addressSize32 ? 32 : 64, false, 0, true, false, length));
            case MOFFS -> operands = List.of(moffsOperand(spec, length));
            case STRING -> {
                int elementSize = spec.size[0].bytes(operandSize16, w, 0);
                if (spec.stringKind == StringOp.Kind.INS || spec.stringKind == StringOp.Kind.OUTS) {
                    elementSize = Math.min(elementSize, 4);
                }
                stringOp = new StringOp(spec.stringKind, elementSize, repOf(spec.stringKind));
                operands = stringOperands(stringOp, length);
                mnemonic = StringMnemonics.of(stringOp);
            }
            default -> throw new IllegalStateException(spec.implicit.toString());
        }
        return new Instruction(address, copy(length), true, false, mnemonic, operands, spec.controlTransfer,
                stringOp, encoding());
    }

    /**
     * EVEX.W selects the element width of dword/qword instructions: a row whose element is 4 bytes
     * under both W values is a W0-only instruction, 8 bytes a W1-only one; the other W is #UD.
     */
    private boolean contradictsElementWidth(OpcodeSpec spec) {
        int element = spec.element[0];
        return element == spec.element[1] && ((element == 4 && w) || (element == 8 && !w));
    }

    private MemOperand explicitOperand(OpcodeSpec spec, int wIndex, int length) {
        OperandSize sizeCode = spec.size[wIndex];
        int element = spec.element[wIndex];
        int size;
        int operandIndex = index;
        boolean vsib = sizeCode == OperandSize.VSIB;
        int vsibElements = 0;
        if (vsib) {
            if (sib < 0) {
                return null; // a gather needs a SIB byte
            }
            operandIndex = ((sib >> 3) & 7) | (rexX << 3) | (encoding == OpcodeTable.EVEX ? evexIndexHigh << 4 : 0);
            int indexSize = (opcode & 1) != 0 ? 8 : 4;
            vsibElements = vectorLength / Math.max(element, indexSize);
            size = vsibElements * element;
        } else {
            size = sizeCode.bytes(operandSize16, w, vectorLength);
            if (element == 0) {
                element = size;
            }
        }
        boolean broadcast = false;
        Access access = spec.access;
        int dispScale = 1;
        long disp = displacement;
        if (encoding == OpcodeTable.EVEX) {
            if (evexBroadcast) {
                boolean hasElements = spec.element[wIndex] >= 4;
                if (!sizeCode.vectorWide() || spec.noBroadcast || !hasElements || access != Access.READ) {
                    return null;
                }
                broadcast = true;
            }
            if (evexMask != 0) {
                access = access.masked();
            }
            if (displacementSize == 1) {
                // EVEX compressed disp8: the byte counts in units of the memory access granule.
                dispScale = broadcast || vsib || spec.dispScalesByElement ? element : size;
                disp *= dispScale;
            }
        }
        return new MemOperand(access, size, element, segment, base, operandIndex, scale, disp, displacementOffset,
                displacementSize, dispScale, addressSize32 ? 32 : 64, vsib, vsibElements, false, broadcast, length,
                encoding == OpcodeTable.EVEX ? evexMask : 0);
    }

    /**
     * enter size, level: pushes rbp, copies level-1 frame pointers from [rbp-slot*i], pushes the new
     * frame pointer (level 1 and more). One write covering all pushed slots, one read of the copied ones.
     */
    private List<MemOperand> enterOperands(int length) {
        int slot = OperandSize.V64.bytes(operandSize16, false, 0);
        int level = code[start + length - 1] & 0x1F;
        int pushed = level == 0 ? 1 : level + 1;
        MemOperand writes = new MemOperand(Access.WRITE, pushed * slot, slot, Segment.NONE, RSP, -1, 1,
                -(long) pushed * slot, -1, 0, 1, 64, false, 0, true, false, length);
        if (level <= 1) {
            return List.of(writes);
        }
        int copied = level - 1;
        MemOperand reads = new MemOperand(Access.READ, copied * slot, slot, Segment.NONE, RBP, -1, 1,
                -(long) copied * slot, -1, 0, 1, 64, false, 0, true, false, length);
        return List.of(writes, reads);
    }

    private MemOperand moffsOperand(OpcodeSpec spec, int length) {
        int size = spec.size[0].bytes(operandSize16, w, 0);
        long absolute = immediateValue(false);
        return new MemOperand(spec.access, size, size, segment, -1, -1, 1, absolute, immediateOffset, immediateSize,
                1, addressSize32 ? 32 : 64, false, 0, false, false, length);
    }

    private List<MemOperand> withStackSlot(MemOperand explicit, Access access, int size, int baseRegister,
                                           long disp, int length) {
        MemOperand slot = new MemOperand(access, size, size, Segment.NONE, baseRegister, -1, 1, disp, -1, 0, 1, 64,
                false, 0, true, false, length);
        return explicit == null ? List.of(slot) : List.of(explicit, slot);
    }

    private StringOp.Rep repOf(StringOp.Kind kind) {
        boolean compares = kind == StringOp.Kind.CMPS || kind == StringOp.Kind.SCAS;
        return switch (repPrefix) {
            case 0xF3 -> compares ? StringOp.Rep.REPE : StringOp.Rep.REP;
            // F2 on a non-comparing string instruction repeats like F3.
            case 0xF2 -> compares ? StringOp.Rep.REPNE : StringOp.Rep.REP;
            default -> StringOp.Rep.NONE;
        };
    }

    private List<MemOperand> stringOperands(StringOp op, int length) {
        int size = op.elementSize();
        return switch (op.kind()) {
            // Intel operand order: destination es:[rdi] first, except cmps which compares [rsi] with [rdi].
            case MOVS -> List.of(stringSlot(Access.WRITE, size, RDI, length), stringSlot(Access.READ, size, RSI, length));
            case CMPS -> List.of(stringSlot(Access.READ, size, RSI, length), stringSlot(Access.READ, size, RDI, length));
            case STOS, INS -> List.of(stringSlot(Access.WRITE, size, RDI, length));
            case SCAS -> List.of(stringSlot(Access.READ, size, RDI, length));
            case LODS, OUTS -> List.of(stringSlot(Access.READ, size, RSI, length));
        };
    }

    private MemOperand stringSlot(Access access, int size, int register, int length) {
        // rdi always addresses es (flat); rsi honours a segment override.
        Segment seg = register == RSI ? segment : Segment.NONE;
        return new MemOperand(access, size, size, seg, register, -1, 1, 0, -1, 0, 1, addressSize32 ? 32 : 64, false,
                0, true, false, length);
    }

    private String unknownName() {
        StringBuilder name = new StringBuilder("(unknown ");
        name.append(switch (encoding) {
            case OpcodeTable.VEX -> "VEX.";
            case OpcodeTable.EVEX -> "EVEX.";
            default -> "";
        });
        if (map > 0) {
            name.append(switch (pp) {
                case 1 -> "66.";
                case 2 -> "F3.";
                case 3 -> "F2.";
                default -> "";
            });
            name.append(switch (map) {
                case 1 -> "0F ";
                case 2 -> "0F38 ";
                case 3 -> "0F3A ";
                default -> "map" + map + " ";
            });
        }
        name.append(String.format("%02X", opcode));
        if (modrm >= 0) {
            name.append(mod == 3 ? " /r" : " /m").append(reg);
        }
        return name.append(')').toString();
    }

    private Encoding encoding() {
        int rmField = modrm < 0 ? 0 : modrm & 7;
        int rmRegister = rmField | (rexB << 3) | (encoding == OpcodeTable.EVEX ? rexX << 4 : 0);
        int regRegister = reg | (rexR << 3) | (evexRHigh << 4);
        return new Encoding(encoding, map, pp, opcode, modrm, regRegister, rmRegister, vvvv, w, rex != 0,
                operandSize16, addressSize32, vectorLength, evexMask, evexZero, evexBroadcast, base, index, scale,
                displacement, displacementSize, sib >= 0, immediateOffset, immediateSize);
    }

    private byte[] copy(int length) {
        return Arrays.copyOfRange(code, start, start + length);
    }

    private Instruction unknown(long address, int length, String name) {
        return new Instruction(address, copy(length), false, false, name, List.of(), false, null, encoding());
    }

    private Instruction invalid(long address, int length, String name) {
        return new Instruction(address, copy(length), false, true, name, List.of(), false, null, null);
    }
}
