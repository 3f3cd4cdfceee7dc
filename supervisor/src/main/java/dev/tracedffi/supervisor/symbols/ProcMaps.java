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

    private final List<Mapping> mappings;

    private ProcMaps(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    /** A map with no mappings, as of a process that is gone. */
    public static ProcMaps empty() {
        return new ProcMaps(List.of());
    }

    /** Reads the current map of {@code pid}; empty when the process is gone. */
    public static ProcMaps of(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")));
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcMaps parse(List<String> lines) {
        List<Mapping> mappings = new ArrayList<>(lines.size());
        for (String line : lines) {
            // 7f12a000-7f12b000 r-xp 00002000 fd:01 123456   /usr/lib/x86_64-linux-gnu/libz.so.1.2.13
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 5) {
                continue;
            }
            int dash = fields[0].indexOf('-');
            mappings.add(new Mapping(
                    Long.parseUnsignedLong(fields[0].substring(0, dash), 16),
                    Long.parseUnsignedLong(fields[0].substring(dash + 1), 16),
                    fields[1],
                    Long.parseUnsignedLong(fields[2], 16),
                    fields.length == 6 ? fields[5] : ""));
        }
        return new ProcMaps(List.copyOf(mappings));
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
}
