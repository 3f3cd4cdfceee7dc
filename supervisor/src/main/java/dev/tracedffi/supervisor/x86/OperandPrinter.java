package dev.tracedffi.supervisor.x86;

import java.util.Locale;

/** Prints one operand of an {@link IntelOperandRows} pattern for one instruction. */
final class OperandPrinter {

    private static final String[] GPR64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
            "r11", "r12", "r13", "r14", "r15"};
    private static final String[] GPR32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d",
            "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] GPR16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w",
            "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] GPR8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b",
            "r11b", "r12b", "r13b", "r14b", "r15b"};
    private static final String[] GPR8_LEGACY = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};

    private final Instruction insn;
    private final Encoding e;
    private final MemOperand memory;
    private final Segment prefixSegment;
    private long ripTarget = -1;

    /** @param prefixSegment FS/GS from the prefixes, for memory operands the decoder does not record (lea, nop) */
    OperandPrinter(Instruction insn, Encoding e, Segment prefixSegment) {
        this.insn = insn;
        this.e = e;
        this.prefixSegment = prefixSegment;
        this.memory = insn.memOperands().stream().filter(m -> !m.implicit()).findFirst().orElse(null);
    }

    /** Bits of the general-purpose size letter: b w d q v (operand size) y (32/64 by W) 64 (stack). */
    int bits(char size) {
        return switch (size) {
            case 'b' -> 8;
            case 'w' -> 16;
            case 'd' -> 32;
            case 'q' -> 64;
            case 'y' -> e.wide() ? 64 : 32;
            case '6' -> e.operandSize16() ? 16 : 64;
            default -> e.wide() ? 64 : e.operandSize16() ? 16 : 32;
        };
    }

    String gpr(int number, int bits) {
        return switch (bits) {
            case 8 -> e.rex() ? GPR8[number] : number < 8 ? GPR8_LEGACY[number] : GPR8[number];
            case 16 -> GPR16[number];
            case 32 -> GPR32[number];
            default -> GPR64[number];
        };
    }

    /** The operand's text, or null when it cannot be printed exactly. */
    String operand(String code) {
        char kind = code.charAt(0);
        String rest = code.substring(1);
        return switch (kind) {
            case 'E' -> e.registerForm() ? gpr(e.rm() & 15, bits(rest.charAt(0))) : memory(bits(rest.charAt(0)) / 8);
            case 'G' -> gpr(e.reg() & 15, bits(rest.charAt(0)));
            case 'B' -> gpr(e.vvvv() & 15, bits(rest.charAt(0)));
            case 'Z' -> gpr((e.opcode() & 7) | (e.rm() & 8), bits(rest.charAt(0)));
            case 'M' -> e.registerForm() ? null : memory(rest.isEmpty() ? 0 : 1);
            case 'V' -> vector(e.reg(), rest.charAt(0));
            case 'H' -> vector(e.vvvv(), rest.charAt(0));
            case 'W', 'U' -> e.registerForm() ? vector(e.rm(), rest.charAt(0)) : kind == 'U' ? null : memory(0);
            case 'K' -> "k" + ((rest.equals("r") ? e.reg() : rest.equals("m") ? e.rm() : e.vvvv()) & 7);
            case 'J' -> "0x" + Long.toHexString(insn.address() + insn.length() + immediate(true));
            case 'I' -> immediate(rest);
            case 'A' -> "al";
            case 'C' -> "cl";
            case '1' -> "1";
            case 'r' -> gpr(0, bits('v'));
            default -> null;
        };
    }

    private String vector(int number, char size) {
        int bytes = switch (size) {
            case 'o' -> 16;
            case 'y' -> 32;
            case 'h' -> Math.max(16, e.vectorLength() / 2);
            default -> e.vectorLength();
        };
        return (bytes == 16 ? "xmm" : bytes == 32 ? "ymm" : "zmm") + number;
    }

    private String immediate(String code) {
        long raw = immediate(code.equals("bs") || code.equals("z") || code.equals("zq") || code.equals("bq"));
        int bits = switch (code) {
            case "b" -> 8;
            case "w" -> 16;
            case "bq", "zq" -> 64;
            case "v" -> bits('v');
            default -> bits('v'); // sign-extended to the destination's size
        };
        long value = bits == 64 ? raw : raw & ((1L << bits) - 1);
        return "0x" + Long.toHexString(value);
    }

    private long immediate(boolean signed) {
        if (e.immediateOffset() < 0) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < e.immediateSize(); i++) {
            value |= (long) insn.byteAt(e.immediateOffset() + i) << (8 * i);
        }
        int shift = 64 - 8 * e.immediateSize();
        return signed ? value << shift >> shift : value;
    }

    /** A memory operand; {@code bytes} is its size when the decoder records none (lea, nop), 0 for no size. */
    private String memory(int fallbackBytes) {
        StringBuilder out = new StringBuilder();
        int base = e.base();
        int index = e.index();
        int scale = e.scale();
        long disp = e.displacement();
        Segment segment = prefixSegment;
        int bytes = fallbackBytes;
        boolean broadcast = false;
        if (memory != null) {
            base = memory.base();
            index = memory.index();
            scale = memory.scale();
            disp = memory.displacement();
            segment = memory.segment();
            broadcast = memory.broadcast();
            bytes = broadcast ? memory.elementSize() : memory.size();
        }
        if (e.opcode() == 0x8D && e.map() == 0) {
            bytes = 0;
        }
        if (bytes != 0) {
            String keyword = sizeKeyword(bytes);
            if (keyword == null) {
                return null;
            }
            out.append(keyword).append(broadcast ? " bcst " : " ptr ");
        }
        String seg = switch (segment) {
            case FS -> "fs:";
            case GS -> "gs:";
            case NONE -> "";
        };
        boolean wide = !e.addressSize32();
        if (base < 0 && index < 0 && e.hasSib() && scale != 1) {
            return null; // objdump's [riz*4+disp]
        }
        if (base < 0 && index < 0) {
            return out.append(seg.isEmpty() ? "ds:" : seg).append("0x").append(Long.toHexString(wide ? disp : disp & 0xFFFF_FFFFL)).toString();
        }
        out.append(seg).append('[');
        if (base == MemOperand.RIP) {
            out.append(wide ? "rip" : "eip");
            ripTarget = insn.address() + insn.length() + disp;
        } else if (base >= 0) {
            out.append(wide ? GPR64[base] : GPR32[base]);
        }
        if (index >= 0 && index < 16) {
            out.append(base >= 0 ? "+" : "").append(wide ? GPR64[index] : GPR32[index]).append('*').append(scale);
        } else if (index >= 0) {
            return null;
        } else if (e.hasSib() && base >= 0 && ((base & 7) != 4 || scale != 1)) {
            out.append(wide ? "+riz*" : "+eiz*").append(scale);
        }
        if (base == MemOperand.RIP) {
            out.append("+0x").append(Long.toHexString(disp)); // objdump prints it unsigned
        } else if (e.displacementSize() > 0 || base < 0) {
            out.append(disp < 0 ? "-0x" + Long.toHexString(-disp) : "+0x" + Long.toHexString(disp));
        }
        return out.append(']').toString();
    }

    static String sizeKeyword(int bytes) {
        String keyword = switch (bytes) {
            case 1 -> "BYTE";
            case 2 -> "WORD";
            case 4 -> "DWORD";
            case 6 -> "FWORD";
            case 8 -> "QWORD";
            case 10 -> "TBYTE";
            case 16 -> "XMMWORD";
            case 32 -> "YMMWORD";
            case 64 -> "ZMMWORD";
            default -> null;
        };
        return keyword == null ? null : keyword.toLowerCase(Locale.ROOT);
    }

    /** objdump's comment for a rip-relative operand: the address it names. */
    String ripComment() {
        return ripTarget < 0 ? "" : "  # 0x" + Long.toHexString(ripTarget);
    }
}
