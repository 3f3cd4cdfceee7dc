package dev.tracedffi.supervisor.symbols;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The memory map of a process, read from {@code /proc/<pid>/maps}. */
public final class ProcMaps {

    /** The pid of a map that was not read from a process. */
    private static final long NO_PROCESS = -1;

    private final long pid;
    private final List<Mapping> mappings;

    private ProcMaps(long pid, List<Mapping> mappings) {
        this.pid = pid;
        this.mappings = mappings;
    }

    /** A map with no mappings, as of a process that is gone. */
    public static ProcMaps empty() {
        return new ProcMaps(NO_PROCESS, List.of());
    }

    /** Reads the current map of {@code pid}; empty when the process is gone. */
    public static ProcMaps of(long pid) {
        try {
            return parse(pid, Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcMaps parse(long pid, List<String> lines) {
        List<Mapping> mappings = new ArrayList<>(lines.size());
        for (String line : lines) {
            // 7f12a000-7f12b000 r-xp 00002000 fd:01 123456   /usr/lib/x86_64-linux-gnu/libz.so.1.2.13
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 5) {
                continue;
            }
            int dash = fields[0].indexOf('-');
            int colon = fields[3].indexOf(':');
            mappings.add(new Mapping(
                    Long.parseUnsignedLong(fields[0].substring(0, dash), 16),
                    Long.parseUnsignedLong(fields[0].substring(dash + 1), 16),
                    fields[1],
                    Long.parseUnsignedLong(fields[2], 16),
                    device(Long.parseLong(fields[3].substring(0, colon), 16),
                            Long.parseLong(fields[3].substring(colon + 1), 16)),
                    Long.parseUnsignedLong(fields[4]),
                    fields.length == 6 ? fields[5] : ""));
        }
        return new ProcMaps(pid, List.copyOf(mappings));
    }

    /** {@code major:minor} as the kernel encodes them in {@code st_dev} (glibc's {@code makedev}). */
    static long device(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xff);
    }

    public Optional<Mapping> find(long address) {
        for (Mapping m : mappings) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /**
     * {@code /proc/<pid>/map_files/<start>-<end>}: the file the mapping maps, even when it has since been
     * deleted or renamed (following it needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE). Empty for a map not
     * read from a process.
     */
    Optional<Path> mapFile(Mapping mapping) {
        if (pid == NO_PROCESS) {
            return Optional.empty();
        }
        return Optional.of(Path.of("/proc", Long.toString(pid), "map_files",
                Long.toHexString(mapping.start()) + "-" + Long.toHexString(mapping.end())));
    }
}
