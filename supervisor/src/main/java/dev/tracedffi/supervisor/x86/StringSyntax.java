package dev.tracedffi.supervisor.x86;

import java.util.Optional;

/** movs, cmps, stos, lods, scas with their implicit operands, as objdump prints them. */
final class StringSyntax {

    private StringSyntax() {
    }

    static Optional<String> format(Instruction insn, Prefixes prefixes) {
        StringOp op = insn.stringOp();
        Encoding e = insn.encoding();
        if (op.kind() == StringOp.Kind.INS || op.kind() == StringOp.Kind.OUTS || prefixes.ignoredSegment() != 0
                || prefixes.lock() || prefixes.fsOrGs() && op.kind() != StringOp.Kind.LODS && op.kind() != StringOp.Kind.MOVS
                    && op.kind() != StringOp.Kind.CMPS || prefixes.operandSizePrefixes() > (op.elementSize() == 2 ? 1 : 0)
                || (prefixes.rex() & 0x07) != 0 || prefixes.rex() == 0x40
                || (prefixes.rex() & 0x08) != 0 && op.elementSize() != 8) {
            return Optional.empty();
        }
        int size = op.elementSize();
        String keyword = OperandPrinter.sizeKeyword(size) + " ptr ";
        boolean wide = !e.addressSize32();
        String sourceSegment = insn.memOperands().stream().filter(m -> m.base() == 6).findFirst()
                .map(m -> m.segment() == Segment.FS ? "fs:" : m.segment() == Segment.GS ? "gs:" : "ds:").orElse("ds:");
        String destination = keyword + "es:[" + (wide ? "rdi" : "edi") + "]";
        String source = keyword + sourceSegment + "[" + (wide ? "rsi" : "esi") + "]";
        String accumulator = new OperandPrinter(insn, e, prefixes.segment()).gpr(0, size * 8);
        boolean compares = op.kind() == StringOp.Kind.CMPS || op.kind() == StringOp.Kind.SCAS;
        String rep = switch (prefixes.rep()) {
            case 0xF3 -> compares ? "repz " : "rep ";
            case 0xF2 -> "repnz ";
            default -> "";
        };
        String body = switch (op.kind()) {
            case MOVS -> "movs " + destination + ", " + source;
            case CMPS -> "cmps " + source + ", " + destination;
            case STOS -> "stos " + destination + ", " + accumulator;
            case LODS -> "lods " + accumulator + ", " + source;
            case SCAS -> "scas " + accumulator + ", " + destination;
            default -> null;
        };
        return Optional.ofNullable(body).map(b -> rep + b);
    }
}
