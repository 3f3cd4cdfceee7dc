package dev.tracedffi.supervisor.x86;

import java.util.function.Consumer;

import dev.tracedffi.supervisor.elf.ElfFile;

/**
 * Decodes the executable sections of an ELF file linearly, as objdump does: instruction after
 * instruction, restarting at every symbol start so data or padding before a function cannot shift
 * the decoding of the function itself.
 */
final class LibrarySweep {

    private LibrarySweep() {
    }

    /** Feeds every instruction in address order; an undecodable byte comes as a length-0 unknown. */
    static void sweep(ElfFile elf, Consumer<Instruction> consumer) {
        long[] starts = elf.symbols().stream().mapToLong(ElfFile.Symbol::value).distinct().sorted().toArray();
        for (ElfFile.Section section : elf.sections()) {
            if (!section.executable() || !section.hasFileBytes() || section.size() == 0) {
                continue;
            }
            byte[] code = elf.bytes(section);
            int position = 0;
            int nextStart = firstStartAfter(starts, section.address());
            while (position < code.length) {
                long address = section.address() + position;
                while (nextStart < starts.length && starts[nextStart] <= address) {
                    nextStart++;
                }
                long boundary = nextStart < starts.length ? starts[nextStart] : Long.MAX_VALUE;
                int available = (int) Math.min(code.length - position, boundary - address);
                Instruction insn = X86Decoder.decode(code, position, available, address);
                consumer.accept(insn);
                position += Math.max(1, insn.length());
            }
        }
    }

    private static int firstStartAfter(long[] starts, long address) {
        int index = java.util.Arrays.binarySearch(starts, address);
        return index >= 0 ? index : -index - 1;
    }
}
