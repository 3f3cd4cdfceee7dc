package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.supervisor.elf.ElfFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an address in a process into {@code library!symbol+0xoff} (or {@code library+0xoff} when the
 * library has no symbol there, or {@code [anonymous]+0x...} for JIT code). ELF files are parsed once
 * and cached for the life of the symbolizer.
 */
public final class Symbolizer {

    private final Map<String, Optional<ElfFile>> elfCache = new ConcurrentHashMap<>();

    public String symbolize(ProcMaps maps, long address) {
        Optional<Mapping> found = maps.find(address);
        if (found.isEmpty()) {
            return "0x" + Long.toHexString(address) + " (unmapped)";
        }
        Mapping mapping = found.get();
        if (!mapping.fileBacked()) {
            return mapping.shortName() + "+0x" + Long.toHexString(address - mapping.start());
        }
        long fileOffset = address - mapping.start() + mapping.offset();
        Optional<ElfFile> elf = elfCache.computeIfAbsent(mapping.path(), Symbolizer::open);
        if (elf.isPresent()) {
            long vaddr = elf.get().fileOffsetToVaddr(fileOffset);
            var symbol = elf.get().symbolize(vaddr);
            if (symbol.isPresent()) {
                return mapping.shortName() + "!" + symbol.get().name() + "+0x" + Long.toHexString(symbol.get().offset());
            }
            return mapping.shortName() + "+0x" + Long.toHexString(vaddr);
        }
        return mapping.shortName() + "+0x" + Long.toHexString(fileOffset);
    }

    private static Optional<ElfFile> open(String path) {
        try {
            return Optional.of(ElfFile.read(Path.of(path.replace(" (deleted)", ""))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
