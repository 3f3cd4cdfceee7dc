package dev.tracedffi.supervisor.linux;

import dev.tracedffi.supervisor.x86.RegisterFile;
import jnr.ffi.Pointer;

/**
 * A copy of a thread's {@code struct user_regs_struct} (x86-64): 27 eight-byte slots, in the
 * kernel's order. Mutable so the tracer can redirect a thread and restore it.
 */
public final class Registers implements RegisterFile {

    public static final int SIZE = 27 * 8;

    public static final int R15 = 0, R14 = 1, R13 = 2, R12 = 3, RBP = 4, RBX = 5, R11 = 6, R10 = 7,
            R9 = 8, R8 = 9, RAX = 10, RCX = 11, RDX = 12, RSI = 13, RDI = 14, ORIG_RAX = 15, RIP = 16,
            CS = 17, EFLAGS = 18, RSP = 19, SS = 20, FS_BASE = 21, GS_BASE = 22;

    /** Slot of each general-purpose register in x86 encoding order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15). */
    private static final int[] ENCODING_TO_SLOT = {
            RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15};

    private static final String[] ENCODING_NAMES = {
            "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private static final long DIRECTION_FLAG = 1L << 10;

    private final long[] slots;

    private Registers(long[] slots) {
        this.slots = slots;
    }

    static Registers read(Pointer buffer) {
        long[] slots = new long[27];
        buffer.get(0, slots, 0, 27);
        return new Registers(slots);
    }

    void write(Pointer buffer) {
        buffer.put(0, slots, 0, 27);
    }

    public Registers copy() {
        return new Registers(slots.clone());
    }

    public long get(int slot) {
        return slots[slot];
    }

    public void set(int slot, long value) {
        slots[slot] = value;
    }

    /** A general-purpose register by its x86 encoding number (0 = rax ... 15 = r15). */
    @Override
    public long gpr(int encoding) {
        return slots[ENCODING_TO_SLOT[encoding]];
    }

    public void setGpr(int encoding, long value) {
        slots[ENCODING_TO_SLOT[encoding]] = value;
    }

    @Override
    public long rip() {
        return slots[RIP];
    }

    public void setRip(long rip) {
        slots[RIP] = rip;
    }

    @Override
    public long fsBase() {
        return slots[FS_BASE];
    }

    @Override
    public long gsBase() {
        return slots[GS_BASE];
    }

    public boolean directionFlag() {
        return (slots[EFLAGS] & DIRECTION_FLAG) != 0;
    }

    /** One register per line, for crash reports. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            out.append(String.format("%-4s0x%016x%s", ENCODING_NAMES[i], gpr(i), i % 4 == 3 ? "\n" : "  "));
        }
        out.append(String.format("rip 0x%016x  eflags 0x%08x  fs_base 0x%016x", rip(), slots[EFLAGS], fsBase()));
        return out.toString();
    }
}
