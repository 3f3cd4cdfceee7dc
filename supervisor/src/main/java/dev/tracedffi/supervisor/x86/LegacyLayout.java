package dev.tracedffi.supervisor.x86;

/**
 * Which legacy one-byte and 0F opcodes carry a ModRM byte, and what immediate follows. This fixes the
 * length of every legacy instruction, including the ones whose semantics the decoder does not know.
 */
final class LegacyLayout {

    static final int NONE = 0;
    static final int IB = 1;
    static final int IW = 2;
    /** 16 or 32 bits by operand size. */
    static final int IZ = 3;
    /** 16, 32 or 64 bits by operand size (mov r, imm). */
    static final int IV = 4;
    /** enter: imm16 then imm8. */
    static final int IW_IB = 5;
    /** Absolute address of mov al/eax, moffs: 64 bits, 32 under 0x67. */
    static final int MOFFS = 6;
    /** Near branch displacement: 32 bits; Intel CPUs ignore 0x66 on it in 64-bit mode. */
    static final int REL32 = 7;
    /** test r/m, imm in group 3 (F6/F7 /0 and /1); the other group 3 members take none. */
    static final int GROUP3 = 8;
    /** Not an instruction in 64-bit mode. */
    static final int INVALID = 9;

    private static final boolean[] ONE_BYTE_MODRM = new boolean[256];
    private static final int[] ONE_BYTE_IMMEDIATE = new int[256];
    private static final boolean[] TWO_BYTE_MODRM = new boolean[256];
    private static final int[] TWO_BYTE_IMMEDIATE = new int[256];

    static {
        for (int row = 0; row < 0x40; row += 8) {
            for (int op = row; op < row + 4; op++) {
                ONE_BYTE_MODRM[op] = true;
            }
            ONE_BYTE_IMMEDIATE[row + 4] = IB;
            ONE_BYTE_IMMEDIATE[row + 5] = IZ;
        }
        for (int op : new int[] {0x63, 0x69, 0x6B, 0xC0, 0xC1, 0xC6, 0xC7, 0xD0, 0xD1, 0xD2, 0xD3, 0xF6, 0xF7,
                0xFE, 0xFF}) {
            ONE_BYTE_MODRM[op] = true;
        }
        for (int op = 0x80; op <= 0x8F; op++) {
            ONE_BYTE_MODRM[op] = true;
        }
        for (int op = 0xD8; op <= 0xDF; op++) {
            ONE_BYTE_MODRM[op] = true;
        }
        set(ONE_BYTE_IMMEDIATE, IB, 0x6A, 0x6B, 0x80, 0x83, 0xA8, 0xC0, 0xC1, 0xC6, 0xCD, 0xE4, 0xE5, 0xE6, 0xE7,
                0xE0, 0xE1, 0xE2, 0xE3, 0xEB);
        for (int op = 0x70; op <= 0x7F; op++) {
            ONE_BYTE_IMMEDIATE[op] = IB;
        }
        for (int op = 0xB0; op <= 0xB7; op++) {
            ONE_BYTE_IMMEDIATE[op] = IB;
            ONE_BYTE_IMMEDIATE[op + 8] = IV;
        }
        set(ONE_BYTE_IMMEDIATE, IZ, 0x68, 0x69, 0x81, 0xA9, 0xC7);
        set(ONE_BYTE_IMMEDIATE, IW, 0xC2, 0xCA);
        set(ONE_BYTE_IMMEDIATE, IW_IB, 0xC8);
        set(ONE_BYTE_IMMEDIATE, MOFFS, 0xA0, 0xA1, 0xA2, 0xA3);
        set(ONE_BYTE_IMMEDIATE, REL32, 0xE8, 0xE9);
        set(ONE_BYTE_IMMEDIATE, GROUP3, 0xF6, 0xF7);
        // push/pop of es/cs/ss/ds, BCD, pusha/popa, bound, far call/jmp direct, into, aam/aad, salc
        set(ONE_BYTE_IMMEDIATE, INVALID, 0x06, 0x07, 0x0E, 0x16, 0x17, 0x1E, 0x1F, 0x27, 0x2F, 0x37, 0x3F, 0x60,
                0x61, 0x82, 0x9A, 0xCE, 0xD4, 0xD5, 0xD6, 0xEA);

        java.util.Arrays.fill(TWO_BYTE_MODRM, true);
        for (int op : new int[] {0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0E, 0x77, 0xA0, 0xA1, 0xA2, 0xA8, 0xA9,
                0xAA}) {
            TWO_BYTE_MODRM[op] = false;
        }
        for (int op = 0x30; op <= 0x37; op++) {
            TWO_BYTE_MODRM[op] = false;
        }
        for (int op = 0x80; op <= 0x8F; op++) {
            TWO_BYTE_MODRM[op] = false;
            TWO_BYTE_IMMEDIATE[op] = REL32;
        }
        for (int op = 0xC8; op <= 0xCF; op++) {
            TWO_BYTE_MODRM[op] = false;
        }
        set(TWO_BYTE_IMMEDIATE, IB, 0x70, 0x71, 0x72, 0x73, 0xA4, 0xAC, 0xBA, 0xC2, 0xC4, 0xC5, 0xC6);
        // 0E: AMD femms
        set(TWO_BYTE_IMMEDIATE, INVALID, 0x04, 0x0A, 0x0C, 0x0E, 0x24, 0x25, 0x26, 0x27, 0x36, 0x39, 0x3B, 0x3C, 0x3D,
                0x3E, 0x3F, 0xA6, 0xA7);
    }

    private LegacyLayout() {
    }

    private static void set(int[] table, int kind, int... opcodes) {
        for (int op : opcodes) {
            table[op] = kind;
        }
    }

    static boolean hasModRm(int map, int opcode) {
        return map == 0 ? ONE_BYTE_MODRM[opcode] : TWO_BYTE_MODRM[opcode];
    }

    static int immediate(int map, int opcode) {
        return map == 0 ? ONE_BYTE_IMMEDIATE[opcode] : TWO_BYTE_IMMEDIATE[opcode];
    }
}
