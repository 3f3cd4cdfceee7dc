package dev.tracedffi.supervisor.elf;

import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The bytes of a debug section, inflated when it is SHF_COMPRESSED with zlib (objcopy --compress-debug-sections). */
final class DebugSections {

    private static final long SHF_COMPRESSED = 0x800;
    private static final int ELFCOMPRESS_ZLIB = 1;
    private static final int CHDR_SIZE = 24;

    private DebugSections() {
    }

    static Optional<byte[]> bytes(ElfFile elf, String name) {
        Optional<ElfFile.Section> section = elf.section(name).filter(ElfFile.Section::hasFileBytes);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = elf.bytes(section.get());
        if ((section.get().flags() & SHF_COMPRESSED) == 0) {
            return Optional.of(raw);
        }
        ByteCursor header = new ByteCursor(raw);
        long type = header.u32();
        header.u32();
        long size = header.u64();
        if (type != ELFCOMPRESS_ZLIB || size > Integer.MAX_VALUE) {
            throw new MalformedDebugInfo(name + " is compressed with type " + type + ", only zlib is read");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(raw, CHDR_SIZE, raw.length - CHDR_SIZE);
            byte[] out = new byte[(int) size];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new MalformedDebugInfo(name + " inflates to " + n + " bytes, not " + size);
            }
            return Optional.of(out);
        } catch (DataFormatException e) {
            throw new MalformedDebugInfo(name + ": " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
