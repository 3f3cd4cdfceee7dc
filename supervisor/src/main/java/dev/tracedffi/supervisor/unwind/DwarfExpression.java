package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ByteCursor;

import java.util.OptionalLong;

/**
 * Evaluates the DWARF expressions call-frame information uses: register-relative addresses and
 * dereferences (glibc's signal trampoline, {@code __restore_rt}), and the arithmetic of PLT entries'
 * CFA rule. Any other operation is {@link UnsupportedUnwindInfo}: the unwinder stops, it never guesses.
 */
final class DwarfExpression {

    private static final int MAX_STACK = 64;

    private DwarfExpression() {
    }

    static long evaluate(byte[] expression, DwarfRegisters registers, MemoryReader memory, Long initial) {
        long[] stack = new long[MAX_STACK];
        int depth = 0;
        if (initial != null) {
            stack[depth++] = initial;
        }
        ByteCursor in = new ByteCursor(expression);
        while (in.hasMore()) {
            int op = in.u8();
            if (depth >= MAX_STACK - 1) {
                throw new UnsupportedUnwindInfo("DWARF expression stack overflow");
            }
            if (op >= 0x30 && op <= 0x4F) { // lit0-31
                stack[depth++] = op - 0x30;
                continue;
            }
            if (op >= 0x70 && op <= 0x8F) { // breg0-31
                stack[depth++] = registers.get(op - 0x70) + in.sleb128();
                continue;
            }
            switch (op) {
                case 0x06 -> stack[depth - 1] = deref(memory, stack[depth - 1]);
                case 0x08 -> stack[depth++] = in.u8();
                case 0x09 -> stack[depth++] = in.signed(1);
                case 0x0A -> stack[depth++] = in.u16();
                case 0x0B -> stack[depth++] = in.signed(2);
                case 0x0C -> stack[depth++] = in.u32();
                case 0x0D -> stack[depth++] = in.signed(4);
                case 0x0E, 0x0F -> stack[depth++] = in.u64();
                case 0x10 -> stack[depth++] = in.uleb128();
                case 0x11 -> stack[depth++] = in.sleb128();
                case 0x12 -> { // dup
                    need(depth, 1);
                    stack[depth] = stack[depth - 1];
                    depth++;
                }
                case 0x13 -> depth = pop(depth, 1); // drop
                case 0x14 -> { // over
                    need(depth, 2);
                    stack[depth] = stack[depth - 2];
                    depth++;
                }
                case 0x16 -> { // swap
                    need(depth, 2);
                    long top = stack[depth - 1];
                    stack[depth - 1] = stack[depth - 2];
                    stack[depth - 2] = top;
                }
                case 0x1F -> { // neg
                    need(depth, 1);
                    stack[depth - 1] = -stack[depth - 1];
                }
                case 0x20 -> { // not
                    need(depth, 1);
                    stack[depth - 1] = ~stack[depth - 1];
                }
                case 0x23 -> { // plus_uconst
                    need(depth, 1);
                    stack[depth - 1] += in.uleb128();
                }
                case 0x92 -> stack[depth++] = registers.get((int) in.uleb128()) + in.sleb128(); // bregx
                case 0x96 -> { } // nop
                case 0x1A, 0x1C, 0x1E, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E -> {
                    need(depth, 2);
                    long b = stack[depth - 1];
                    long a = stack[depth - 2];
                    depth--;
                    stack[depth - 1] = binary(op, a, b);
                }
                default -> throw new UnsupportedUnwindInfo("DWARF expression operation 0x" + Integer.toHexString(op));
            }
        }
        need(depth, 1);
        return stack[depth - 1];
    }

    private static long binary(int op, long a, long b) {
        return switch (op) {
            case 0x1A -> a & b;
            case 0x1C -> a - b;
            case 0x1E -> a * b;
            case 0x21 -> a | b;
            case 0x22 -> a + b;
            case 0x24 -> a << b;
            case 0x25 -> a >>> b;
            case 0x26 -> a >> b;
            case 0x27 -> a ^ b;
            case 0x29 -> a == b ? 1 : 0;
            case 0x2A -> a >= b ? 1 : 0;
            case 0x2B -> a > b ? 1 : 0;
            case 0x2C -> a <= b ? 1 : 0;
            case 0x2D -> a < b ? 1 : 0;
            case 0x2E -> a != b ? 1 : 0;
            default -> throw new IllegalStateException("op " + op);
        };
    }

    private static long deref(MemoryReader memory, long address) {
        OptionalLong word = memory.readWord(address);
        if (word.isEmpty()) {
            throw new UnreadableStack(address);
        }
        return word.getAsLong();
    }

    private static void need(int depth, int count) {
        if (depth < count) {
            throw new UnsupportedUnwindInfo("DWARF expression stack underflow");
        }
    }

    private static int pop(int depth, int count) {
        need(depth, count);
        return depth - count;
    }
}
