package dev.tracedffi.supervisor.elf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Source file and line of addresses in ELF files, from the file's own .debug_line or from its
 * separate debug file ({@link DebugFiles}). A file without line information, or whose information does
 * not parse, answers empty. Thread-safe.
 *
 * <p>Tables are cached for the whole JVM, keyed by the parsed file itself (the symbolizer's cache hands out
 * one {@link ElfFile} per version of a file, so a library rebuilt at the same path is read anew), for the
 * {@value #CACHED_TABLES} files used last: each traced child is a new process, and reading libc's table from
 * libc6-dbg costs a few hundred milliseconds.
 */
public final class SourceLines {

    static final int CACHED_TABLES = 16;

    private static final Map<ElfFile, Optional<LineTable>> TABLES = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ElfFile, Optional<LineTable>> eldest) {
            return size() > CACHED_TABLES;
        }
    };

    private final Function<String, Optional<ElfFile>> elfFiles;
    private final DebugFiles debugFiles;

    /**
     * @param elfFiles the parsed ELF file of a path (share the symbolizer's cache), empty if unreadable
     */
    public SourceLines(Function<String, Optional<ElfFile>> elfFiles, DebugFiles debugFiles) {
        this.elfFiles = elfFiles;
        this.debugFiles = debugFiles;
    }

    /** Reads files itself (each path once) and looks for debug files under /usr/lib/debug. */
    public SourceLines() {
        this(cachingReader(), DebugFiles.system());
    }

    private static Function<String, Optional<ElfFile>> cachingReader() {
        Map<String, Optional<ElfFile>> files = new ConcurrentHashMap<>();
        return path -> files.computeIfAbsent(path, SourceLines::read);
    }

    /**
     * The source line of {@code vaddr} in the ELF file at {@code path}. For a return address pass the
     * address of the call (return address - 1, {@code NativeFrame.lookupVaddr()}).
     */
    public Optional<SourceLocation> locate(String path, long vaddr) {
        return elfFiles.apply(path).flatMap(this::table).flatMap(table -> table.locate(vaddr));
    }

    private Optional<LineTable> table(ElfFile elf) {
        synchronized (TABLES) {
            return TABLES.computeIfAbsent(elf, this::load);
        }
    }

    private Optional<LineTable> load(ElfFile elf) {
        try {
            Optional<LineTable> own = LineTable.of(elf);
            if (own.isPresent()) {
                return own;
            }
            return debugFiles.find(elf).flatMap(debug -> read(debug.toString())).flatMap(LineTable::of);
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
