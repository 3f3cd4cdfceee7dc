package dev.tracedffi.supervisor.unwind;

/**
 * One row of the call-frame table: how to compute the CFA and each caller register at one pc.
 * Registers are DWARF numbers 0-16 (rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8-r15, return address);
 * rules for higher numbers (vector registers) are not kept, the unwinder does not restore them.
 */
final class UnwindRow {

    static final int REGISTERS = 17;

    /** DWARF register of the CFA rule, or -1 when the CFA is {@link #cfaExpression}. */
    int cfaRegister = -1;
    long cfaOffset;
    byte[] cfaExpression;
    final RegisterRule[] rules = new RegisterRule[REGISTERS];

    UnwindRow copy() {
        UnwindRow copy = new UnwindRow();
        copy.cfaRegister = cfaRegister;
        copy.cfaOffset = cfaOffset;
        copy.cfaExpression = cfaExpression;
        System.arraycopy(rules, 0, copy.rules, 0, REGISTERS);
        return copy;
    }

    void setRule(long register, RegisterRule rule) {
        if (register >= 0 && register < REGISTERS) {
            rules[(int) register] = rule;
        }
    }

    /** The rule of a register this row says nothing about is null: the caller decides the default. */
    RegisterRule rule(int register) {
        return rules[register];
    }
}
