package dev.tracedffi.supervisor.x86;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.tracedffi.supervisor.x86.ObjdumpListing.ObjdumpOperand;

/**
 * Agreement between {@link X86Decoder} and objdump over one library, instruction by instruction.
 * Accepted disagreement classes are counted apart, each under the reason objdump's convention differs.
 */
final class DecoderAgreement {

    static final String NO_ACCESS = "objdump prints an operand for lea/nop/prefetch/hint: no memory is accessed";
    static final String UNSIZED = "objdump prints no size (moffs, fxsave/xsave, fnstenv/fnsave, lgdt-family, lea)";
    static final String FWAIT = "objdump folds fwait (9B) into the next x87 instruction; the CPU runs two";
    static final String INTEL_BRANCH = "0x66 on a near branch: objdump decodes AMD's 16-bit form, Intel CPUs ignore it";
    static final String INTEL_FAR = "REX.W far pointer (jmp/call/lfs/lgs/lss): Intel reads m16:64, objdump AMD's m16:32";
    static final String UNDEFINED = "objdump decodes bytes the CPU rejects with #UD (lock misuse, prefixed VEX...)";

    final String library;
    long instructions;
    long lengthAgreements;
    long unknown;
    long sizedOperands;
    long sizeAgreements;
    long objdumpUndecoded;
    long invalid;
    final Map<String, Long> accepted = new TreeMap<>();
    final Map<String, Long> unknownByName = new TreeMap<>();
    final Map<String, List<String>> disagreements = new LinkedHashMap<>();
    private final Map<String, Long> disagreementCounts = new TreeMap<>();

    DecoderAgreement(String library) {
        this.library = library;
    }

    /** Compares one objdump line with our decoding of the same bytes. */
    void compare(ObjdumpListing.Line line, Instruction ours) {
        if (!line.decodedByObjdump()) {
            objdumpUndecoded++;
            return;
        }
        boolean lengthsDiffer = ours.length() != line.length();
        if (lengthsDiffer && line.hexBytes().startsWith("9b") && ours.mnemonic().equals("fwait")) {
            accepted.merge(FWAIT, 1L, Long::sum);
            return;
        }
        if (lengthsDiffer && isPrefixed66Branch(line)) {
            accepted.merge(INTEL_BRANCH, 1L, Long::sum);
            return;
        }
        instructions++;
        if (ours.length() == line.length()) {
            lengthAgreements++;
        } else {
            disagree("length", line, ours);
        }
        if (ours.invalid()) {
            invalid++;
            accepted.merge(UNDEFINED, 1L, Long::sum);
            return;
        }
        if (!ours.known()) {
            unknown++;
            unknownByName.merge(ours.mnemonic(), 1L, Long::sum);
            return;
        }
        List<ObjdumpOperand> theirs = line.memoryOperands();
        // string instructions and xlat: objdump prints the implicit rsi/rdi/rbx operands
        List<MemOperand> mine = ours.stringOp() != null || ours.mnemonic().equals("xlat") ? ours.memOperands()
                : ours.memOperands().stream().filter(op -> !op.implicit()).toList();
        if (mine.isEmpty() && !theirs.isEmpty()) {
            if (noAccessByDesign(ours.mnemonic())) {
                accepted.merge(NO_ACCESS, 1L, Long::sum);
            } else {
                sizedOperands += theirs.size();
                disagree("operand missing", line, ours);
            }
            return;
        }
        if (mine.size() != theirs.size()) {
            sizedOperands += Math.max(1, theirs.size());
            disagree("operand count", line, ours);
            return;
        }
        for (int i = 0; i < theirs.size(); i++) {
            ObjdumpOperand objdump = theirs.get(i);
            if (objdump.sizeKeyword() == null) {
                accepted.merge(UNSIZED, 1L, Long::sum);
                continue;
            }
            sizedOperands++;
            MemOperand op = mine.get(i);
            int bytes = op.broadcast() || op.vsib() ? op.elementSize() : op.size();
            if (bytes == objdump.bytes() && op.broadcast() == objdump.broadcast()) {
                sizeAgreements++;
            } else if (bytes == 10 && (objdump.bytes() == 6 || objdump.bytes() == 4) && isFarPointer(ours)) {
                sizedOperands--;
                accepted.merge(INTEL_FAR, 1L, Long::sum);
            } else if (bytes == 8 && objdump.bytes() == 2 && ours.controlTransfer()) {
                sizedOperands--;
                accepted.merge(INTEL_BRANCH, 1L, Long::sum);
            } else {
                disagree("size", line, ours);
            }
        }
    }

    private static boolean noAccessByDesign(String mnemonic) {
        // ud0/ud1 take a ModRM operand only to fix their length: they raise #UD before any access.
        return mnemonic.equals("lea") || mnemonic.equals("nop") || mnemonic.startsWith("prefetch")
                || mnemonic.equals("clwb") || mnemonic.equals("invlpg") || mnemonic.equals("ud0")
                || mnemonic.equals("ud1");
    }

    private static boolean isFarPointer(Instruction ours) {
        return ours.controlTransfer() || ours.mnemonic().matches("l[fgs]s");
    }

    /** jmp/call/jcc with 0x66 and a relative target: the length depends on the CPU vendor. */
    private static boolean isPrefixed66Branch(ObjdumpListing.Line line) {
        String mnemonic = line.mnemonic();
        boolean relative = !line.text().contains("PTR") && (mnemonic.startsWith("j") || mnemonic.startsWith("call"));
        return relative && line.hexBytes().matches("((f2|f3|2e|3e|26|36|64|65|67|4[0-9a-f]) )*66 .*");
    }

    private void disagree(String kind, ObjdumpListing.Line line, Instruction ours) {
        String key = kind + ": " + line.mnemonic();
        disagreementCounts.merge(key, 1L, Long::sum);
        List<String> examples = disagreements.computeIfAbsent(key, k -> new java.util.ArrayList<>());
        if (examples.size() < 3) {
            examples.add(String.format("%x: %s | %s | ours: %s", line.address(), line.hexBytes(), line.text(), ours));
        }
    }

    double lengthPercent() {
        return percent(lengthAgreements, instructions);
    }

    double sizePercent() {
        return percent(sizeAgreements, sizedOperands);
    }

    double unknownPercent() {
        return percent(unknown, instructions);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }

    static String header() {
        return String.format("%-16s %12s %10s %10s %10s %10s %10s %12s", "library", "instructions", "length %",
                "operands", "size %", "unknown %", "#UD", "objdump-bad");
    }

    String row() {
        return String.format("%-16s %12d %10.4f %10d %10.4f %10.4f %10d %12d", library, instructions,
                lengthPercent(), sizedOperands, sizePercent(), unknownPercent(), invalid, objdumpUndecoded);
    }

    String details() {
        StringBuilder out = new StringBuilder();
        out.append("== ").append(library).append('\n');
        accepted.forEach((reason, count) -> out.append("  accepted ").append(count).append(": ").append(reason)
                .append('\n'));
        top(unknownByName, 15, Function.identity()).forEach(e -> out.append("  unknown ").append(e).append('\n'));
        top(disagreementCounts, 40, Function.identity()).forEach(key -> {
            out.append("  disagree ").append(key).append('\n');
            String kind = key.substring(0, key.lastIndexOf(" x"));
            disagreements.getOrDefault(kind, List.of()).forEach(e -> out.append("      ").append(e).append('\n'));
        });
        return out.toString();
    }

    private static List<String> top(Map<String, Long> counts, int n, Function<String, String> label) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n)
                .map(e -> label.apply(e.getKey()) + " x" + e.getValue())
                .toList();
    }
}
