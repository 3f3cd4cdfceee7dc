package dev.tracedffi.supervisor.ptrace;

import jnr.ffi.Pointer;

/**
 * A thread's {@code struct ptrace_syscall_info} at a syscall stop: at entry the syscall number and its
 * six arguments, at exit its result.
 *
 * @param instructionPointer the address after the {@code syscall} instruction
 */
public record SyscallInfo(Op op, boolean x86_64, long instructionPointer, long number, long[] args, long result) {

    static final int SIZE = 88;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    public enum Op { NONE, ENTRY, EXIT, SECCOMP }

    static SyscallInfo read(Pointer buffer) {
        int op = buffer.getByte(0) & 0xff;
        boolean x86_64 = buffer.getInt(4) == AUDIT_ARCH_X86_64;
        long ip = buffer.getLong(8);
        return switch (op) {
            case 1 -> {
                long[] args = new long[6];
                buffer.get(32, args, 0, 6);
                yield new SyscallInfo(Op.ENTRY, x86_64, ip, buffer.getLong(24), args, 0);
            }
            case 2 -> new SyscallInfo(Op.EXIT, x86_64, ip, -1, new long[0], buffer.getLong(24));
            default -> new SyscallInfo(op == 3 ? Op.SECCOMP : Op.NONE, x86_64, ip, -1, new long[0], 0);
        };
    }
}
