package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.supervisor.elf.ElfFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns an address in a process into {@code library!symbol+0xoff} (or {@code library+0xoff} when the
 * library has no symbol there or cannot be read, or {@code [anonymous]+0x...} for JIT code). The
 * library is read as {@link MappedFiles} finds it, never by blindly opening the path of the memory
 * map; parsed files are cached by their identity ({@link ElfCache}). Thread-safe.
 */
public final class Symbolizer {

    private final MappedFiles files;
    private final ElfCache cache;

    public Symbolizer() {
        this(new MappedFiles(true), new ElfCache(ElfCache.MAX_ENTRIES, ElfCache.MAX_BYTES));
    }

    Symbolizer(MappedFiles files, ElfCache cache) {
        this.files = files;
        this.cache = cache;
    }

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
        Optional<ElfFile> elf = elfOf(maps, mapping);
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

    /**
     * The parsed ELF file mapped at {@code path} in {@code maps}, read the safe way (the mapped file
     * itself, never a FIFO or device, bounded in size) and cached; empty when it cannot be read.
     */
    public Optional<ElfFile> elfFile(ProcMaps maps, String path) {
        return maps.mappings().stream().filter(m -> m.path().equals(path) && m.fileBacked()).findFirst()
                .flatMap(m -> elfOf(maps, m));
    }

    private Optional<ElfFile> elfOf(ProcMaps maps, Mapping mapping) {
        Optional<MappedFiles.Located> file = files.locate(maps, mapping);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return cache.get(file.get().key(), () -> parse(mapping, files.readElf(file.get())));
        } catch (IOException e) {
            return Optional.empty(); // unreadable this time; not remembered, so a later call tries again
        }
    }

    private static Optional<ElfFile> parse(Mapping mapping, Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ElfFile.parse(Path.of(mapping.path()), bytes.get()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a malformed ELF file: remembered as having no symbols
        }
    }
}
