package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.supervisor.elf.ElfFile;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed ELF files by the identity of their file, the least recently used dropped first once there
 * are more than {@code maxEntries} or they hold more than {@code maxBytes} (an {@link ElfFile} keeps
 * its whole file). Files that are not ELF are remembered too, at no weight. Thread-safe; a file is
 * read outside the lock, so one slow file does not hold up the others.
 */
final class ElfCache {

    /** Far more libraries than one test process loads. */
    static final int MAX_ENTRIES = 64;
    /** Two of the largest files {@link MappedFiles} reads. */
    static final long MAX_BYTES = 2 * MappedFiles.MAX_FILE_BYTES;

    /** Reads and parses one file; fails when it could not be read, which is not remembered. */
    interface Loader {
        Optional<ElfFile> load() throws IOException;
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<FileKey, Optional<ElfFile>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ElfCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    Optional<ElfFile> get(FileKey key, Loader loader) throws IOException {
        synchronized (this) {
            Optional<ElfFile> cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Optional<ElfFile> loaded = loader.load();
        synchronized (this) {
            if (entries.putIfAbsent(key, loaded) == null) {
                bytes += weight(key, loaded);
                evict();
            }
        }
        return loaded;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void evict() {
        Iterator<Map.Entry<FileKey, Optional<ElfFile>>> eldestFirst = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldestFirst.hasNext()) {
            Map.Entry<FileKey, Optional<ElfFile>> eldest = eldestFirst.next();
            bytes -= weight(eldest.getKey(), eldest.getValue());
            eldestFirst.remove();
        }
    }

    private static long weight(FileKey key, Optional<ElfFile> elf) {
        return elf.isPresent() ? key.size() : 0;
    }
}
