package dev.tracedffi.supervisor.x86;

/** The registers an effective address can depend on, as the tracer reads them from a stopped thread. */
public interface RegisterFile {
    /** General purpose register by encoding number: rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15. */
    long gpr(int encodingIndex);

    /** Address of the instruction being decoded (the faulting rip), not of the next one. */
    long rip();

    long fsBase();

    long gsBase();
}
