package dev.tracedffi.supervisor.x86;

/** The registers an effective address can depend on, as the tracer reads them from a stopped thread. */
public interface RegisterFile {

    /** Encoding numbers of the general-purpose registers, as ModRM, SIB and {@link MemOperand#base()} use them. */
    int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** General purpose register by encoding number: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15. */
    long gpr(int encodingIndex);

    /** Address of the instruction being decoded (the faulting rip), not of the next one. */
    long rip();

    long fsBase();

    long gsBase();
}
