package dev.tracedffi.supervisor.ptrace;

import dev.tracedffi.supervisor.x86.RegisterFile;
import jnr.ffi.Pointer;

/**
 * A copy of a thread's {@code struct user_regs_struct} (x86-64): 27 eight-byte slots, in the
 * kernel's order. Mutable so the tracer can redirect a thread and restore it.
 */
public final class Registers implements RegisterFile {

    public static final int SIZE = 27 * 8;

    /** Slots of {@code struct user_regs_struct}; registers are named by their x86 encoding number outside. */
    private static final int SLOT_R15 = 0, SLOT_R14 = 1, SLOT_R13 = 2, SLOT_R12 = 3, SLOT_RBP = 4, SLOT_RBX = 5,
            SLOT_R11 = 6, SLOT_R10 = 7, SLOT_R9 = 8, SLOT_R8 = 9, SLOT_RAX = 10, SLOT_RCX = 11, SLOT_RDX = 12,
            SLOT_RSI = 13, SLOT_RDI = 14, SLOT_ORIG_RAX = 15, SLOT_RIP = 16, SLOT_EFLAGS = 18, SLOT_RSP = 19,
            SLOT_FS_BASE = 21, SLOT_GS_BASE = 22;

    /** Slot of each general-purpose register in x86 encoding order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15). */
    private static final int[] ENCODING_TO_SLOT = {
            SLOT_RAX, SLOT_RCX, SLOT_RDX, SLOT_RBX, SLOT_RSP, SLOT_RBP, SLOT_RSI, SLOT_RDI,
            SLOT_R8, SLOT_R9, SLOT_R10, SLOT_R11, SLOT_R12, SLOT_R13, SLOT_R14, SLOT_R15};

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

    /** The syscall number the kernel restarts with; -1 when the thread is not inside a syscall. */
    public long origRax() {
        return slots[SLOT_ORIG_RAX];
    }

    public void setOrigRax(long value) {
        slots[SLOT_ORIG_RAX] = value;
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
        return slots[SLOT_RIP];
    }

    public void setRip(long rip) {
        slots[SLOT_RIP] = rip;
    }

    @Override
    public long fsBase() {
        return slots[SLOT_FS_BASE];
    }

    @Override
    public long gsBase() {
        return slots[SLOT_GS_BASE];
    }

    public boolean directionFlag() {
        return (slots[SLOT_EFLAGS] & DIRECTION_FLAG) != 0;
    }

    /** One register per line, for crash reports. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            out.append(String.format("%-4s0x%016x%s", ENCODING_NAMES[i], gpr(i), i % 4 == 3 ? "\n" : "  "));
        }
        out.append(String.format("rip 0x%016x  eflags 0x%08x  fs_base 0x%016x", rip(), slots[SLOT_EFLAGS], fsBase()));
        return out.toString();
    }
}
