package dev.tracedffi.supervisor.x86;

/**
 * A string instruction: the memory operands describe one iteration; the tracer derives the whole
 * range from rcx (with a rep prefix) and the direction flag.
 */
public record StringOp(Kind kind, int elementSize, Rep rep) {

    public enum Kind { MOVS, STOS, LODS, CMPS, SCAS, INS, OUTS }

    /** REP for movs/stos/lods/ins/outs; REPE/REPNE only for cmps/scas, where F3/F2 test ZF. */
    public enum Rep { NONE, REP, REPE, REPNE }
}
