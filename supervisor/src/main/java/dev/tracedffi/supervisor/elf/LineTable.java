package dev.tracedffi.supervisor.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of every line-number program in a file's .debug_line (DWARF 2 to 5), sorted by address,
 * answering "which source line holds this address" as addr2line does.
 */
public final class LineTable {

    private final long[] addresses;
    /** Index into {@link #files}, or -1 for the end of a sequence (no line from there on). */
    private final int[] fileIndex;
    private final int[] lines;
    private final int[] columns;
    private final List<String> files;

    private LineTable(long[] addresses, int[] fileIndex, int[] lines, int[] columns, List<String> files) {
        this.addresses = addresses;
        this.fileIndex = fileIndex;
        this.lines = lines;
        this.columns = columns;
        this.files = files;
    }

    /** The line table of the file, or empty when it has no .debug_line. */
    public static Optional<LineTable> of(ElfFile elf) {
        Optional<byte[]> debugLine = DebugSections.bytes(elf, ".debug_line");
        if (debugLine.isEmpty()) {
            return Optional.empty();
        }
        byte[] lineStrings = DebugSections.bytes(elf, ".debug_line_str").orElse(new byte[0]);
        byte[] strings = DebugSections.bytes(elf, ".debug_str").orElse(new byte[0]);
        Rows rows = new Rows();
        ByteCursor in = new ByteCursor(debugLine.get());
        while (in.hasMore()) {
            LineProgram.run(in, lineStrings, strings, rows);
        }
        return Optional.of(rows.toTable());
    }

    /** The source line of the instruction at {@code vaddr} (a virtual address of the ELF file). */
    public Optional<SourceLocation> locate(long vaddr) {
        int index = Arrays.binarySearch(addresses, vaddr);
        if (index < 0) {
            index = -index - 2;
        } else {
            while (index + 1 < addresses.length && addresses[index + 1] == vaddr) {
                index++;
            }
        }
        if (index < 0 || fileIndex[index] < 0 || lines[index] == 0) {
            return Optional.empty();
        }
        return Optional.of(new SourceLocation(files.get(fileIndex[index]), lines[index], columns[index]));
    }

    /** Rows collected from all units; files deduplicated across units. */
    static final class Rows {
        private long[] address = new long[1024];
        private int[] file = new int[1024];
        private int[] line = new int[1024];
        private int[] column = new int[1024];
        private int count;
        private int sequenceStart;
        /** First row and row count of each ended sequence. */
        private final List<int[]> sequences = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private final Map<String, Integer> fileIds = new HashMap<>();

        int file(String path) {
            return fileIds.computeIfAbsent(path, p -> {
                files.add(p);
                return files.size() - 1;
            });
        }

        void add(long rowAddress, int rowFile, int rowLine, int rowColumn) {
            if (count == address.length) {
                int size = count * 2;
                address = Arrays.copyOf(address, size);
                file = Arrays.copyOf(file, size);
                line = Arrays.copyOf(line, size);
                column = Arrays.copyOf(column, size);
            }
            address[count] = rowAddress;
            file[count] = rowFile;
            line[count] = rowLine;
            column[count] = rowColumn;
            count++;
        }

        /** Ends the sequence whose rows were added since the last end: it covers addresses up to {@code end}. */
        void endSequence(long end) {
            add(end, -1, 0, 0);
            sequences.add(new int[] {sequenceStart, count - sequenceStart});
            sequenceStart = count;
        }

        LineTable toTable() {
            // Sequences do not overlap; sorting them (not rows) keeps each one's rows in order, so at an
            // address where one ends and the next starts the end comes first, and the last row at an
            // address wins (as in addr2line). Sequences at 0 are code the linker discarded.
            sequences.removeIf(sequence -> address[sequence[0]] == 0);
            sequences.sort((a, b) -> Long.compareUnsigned(address[a[0]], address[b[0]]));
            int total = sequences.stream().mapToInt(sequence -> sequence[1]).sum();
            long[] sortedAddress = new long[total];
            int[] sortedFile = new int[total];
            int[] sortedLine = new int[total];
            int[] sortedColumn = new int[total];
            int to = 0;
            for (int[] sequence : sequences) {
                System.arraycopy(address, sequence[0], sortedAddress, to, sequence[1]);
                System.arraycopy(file, sequence[0], sortedFile, to, sequence[1]);
                System.arraycopy(line, sequence[0], sortedLine, to, sequence[1]);
                System.arraycopy(column, sequence[0], sortedColumn, to, sequence[1]);
                to += sequence[1];
            }
            return new LineTable(sortedAddress, sortedFile, sortedLine, sortedColumn, List.copyOf(files));
        }
    }
}
