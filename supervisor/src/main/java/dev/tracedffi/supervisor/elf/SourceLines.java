package dev.tracedffi.supervisor.elf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Source file and line of addresses in ELF files, from the file's own .debug_line or from its
 * separate debug file ({@link DebugFiles}). Each file's table is read once and cached; a file without
 * line information, or whose information does not parse, answers empty. Thread-safe.
 */
public final class SourceLines {

    private final Function<String, Optional<ElfFile>> elfFiles;
    private final DebugFiles debugFiles;
    private final Map<String, Optional<LineTable>> tables = new ConcurrentHashMap<>();

    /**
     * @param elfFiles the parsed ELF file of a path (share the symbolizer's cache), empty if unreadable
     */
    public SourceLines(Function<String, Optional<ElfFile>> elfFiles, DebugFiles debugFiles) {
        this.elfFiles = elfFiles;
        this.debugFiles = debugFiles;
    }

    /** Reads files itself and looks for debug files under /usr/lib/debug. */
    public SourceLines() {
        this(SourceLines::read, DebugFiles.system());
    }

    /**
     * The source line of {@code vaddr} in the ELF file at {@code path}. For a return address pass the
     * address of the call (return address - 1, {@code NativeFrame.lookupVaddr()}).
     */
    public Optional<SourceLocation> locate(String path, long vaddr) {
        return tables.computeIfAbsent(path, this::load).flatMap(table -> table.locate(vaddr));
    }

    private Optional<LineTable> load(String path) {
        Optional<ElfFile> elf = elfFiles.apply(path);
        if (elf.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<LineTable> own = LineTable.of(elf.get());
            if (own.isPresent()) {
                return own;
            }
            return debugFiles.find(elf.get()).flatMap(debug -> read(debug.toString())).flatMap(LineTable::of);
        } catch (MalformedDebugInfo e) {
            return Optional.empty();
        }
    }

    private static Optional<ElfFile> read(String path) {
        try {
            return Optional.of(ElfFile.read(Path.of(path.replace(" (deleted)", ""))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
