package dev.tracedffi.supervisor.x86;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tracedffi.supervisor.elf.ElfFile;

/** Counts of one library sweep: how much of it the decoder understands, and what it does not. */
final class AuditReport {

    /** One kind of unknown instruction, with the first place it was seen. */
    record UnknownOpcode(String name, long count, long exampleAddress) {
    }

    private long instructions;
    private long decoded;
    private long withMemory;
    private long unknown;
    private long invalid;
    private final Map<String, long[]> unknownByName = new HashMap<>();

    void add(Instruction insn) {
        instructions++;
        if (insn.known()) {
            decoded++;
            if (!insn.memOperands().isEmpty()) {
                withMemory++;
            }
        } else if (insn.invalid()) {
            invalid++;
        } else {
            unknown++;
            long[] entry = unknownByName.computeIfAbsent(insn.mnemonic(), k -> new long[] {0, insn.address()});
            entry[0]++;
        }
    }

    long instructions() {
        return instructions;
    }

    long decoded() {
        return decoded;
    }

    long withMemory() {
        return withMemory;
    }

    long unknown() {
        return unknown;
    }

    long invalid() {
        return invalid;
    }

    List<UnknownOpcode> topUnknown(int limit) {
        return unknownByName.entrySet().stream()
                .map(e -> new UnknownOpcode(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(UnknownOpcode::count).reversed()
                        .thenComparing(UnknownOpcode::name))
                .limit(limit)
                .toList();
    }

    String format(ElfFile elf, int topLimit) {
        StringBuilder out = new StringBuilder();
        out.append(elf.path()).append('\n');
        out.append(String.format("  instructions      %10d%n", instructions));
        out.append(String.format("  decoded           %10d%n", decoded));
        out.append(String.format("  with memory       %10d%n", withMemory));
        out.append(String.format("  unknown           %10d  (%.4f%%)%n", unknown,
                instructions == 0 ? 0.0 : 100.0 * unknown / instructions));
        out.append(String.format("  invalid (#UD)     %10d  (bytes the CPU rejects: usually data inside code)%n",
                invalid));
        List<UnknownOpcode> top = topUnknown(topLimit);
        if (!top.isEmpty()) {
            out.append("  most frequent unknown opcodes:\n");
            for (UnknownOpcode opcode : top) {
                String where = elf.symbolize(opcode.exampleAddress()).map(Object::toString).orElse("?");
                out.append(String.format("    %8d  %-32s e.g. %x %s%n", opcode.count(), opcode.name(),
                        opcode.exampleAddress(), where));
            }
        }
        return out.toString();
    }
}
