package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.AccessVerdict;
import dev.tracedffi.junit.assertions.Allocations;
import dev.tracedffi.junit.assertions.BenignOverRead;
import dev.tracedffi.junit.assertions.Violation;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one call did to the bytes of one buffer and its redzones, in cells of one byte for buffers of up to
 * {@value #BYTE_CELLS_UP_TO} bytes, else of a 64-byte cache line (or more), so a 1 MiB buffer is 16 Ki
 * cells, not 1 Mi. Adjacent cells
 * that look the same (state and responsible instructions) form runs, so a map is drawn with one shape
 * per run rather than per cell.
 */
final class ByteMap {

    /** Redzone bytes shown on each side, as far as no neighbouring buffer starts there. */
    static final long MARGIN = 64;
    /**
     * Buffers of up to this many bytes get one cell per byte: a page, which is also the most the supervisor
     * captures values of. Drawn 16 bytes a row, 4 KiB and its redzones are 264 rows, about six screens;
     * per byte beyond that, a map is scrolled through rather than read.
     */
    static final long BYTE_CELLS_UP_TO = 4096;
    static final long CACHE_LINE = 64;
    /** Cells at most, beyond 1 MiB cells grow past a cache line. */
    static final long MAX_CELLS = 16 * 1024 + 2;

    private static final int READ = 1;
    private static final int WRITE = 2;
    private static final int OUTSIDE = 4;
    private static final int BENIGN = 8;

    /**
     * Adjacent cells with the same look.
     *
     * @param from     the absolute address of the run's first byte
     * @param to       the absolute address after its last byte
     * @param reader   the first access that read there, or null
     * @param writer   the first access that wrote there, or null
     * @param outsider the first access judged out of bounds there (else the first benign over-read), or null
     */
    record Run(int firstCell, int cells, long from, long to, CellState state,
               AccessVerdict reader, AccessVerdict writer, AccessVerdict outsider) {
    }

    private final AllocationInfo buffer;
    private final AccessRange shown;
    private final long bytesPerCell;
    private final List<Run> runs;

    private ByteMap(AllocationInfo buffer, AccessRange shown, long bytesPerCell, List<Run> runs) {
        this.buffer = buffer;
        this.shown = shown;
        this.bytesPerCell = bytesPerCell;
        this.runs = runs;
    }

    static ByteMap of(AllocationInfo buffer, JudgedCall call) {
        return new Builder(buffer, call.allocations(), call.verdicts()).build();
    }

    AllocationInfo buffer() {
        return buffer;
    }

    /** The bytes drawn: the buffer and its redzones. */
    AccessRange shown() {
        return shown;
    }

    long bytesPerCell() {
        return bytesPerCell;
    }

    int cellCount() {
        return (int) ((shown.size() + bytesPerCell - 1) / bytesPerCell);
    }

    List<Run> runs() {
        return runs;
    }

    /** The run that holds cell {@code cell}. */
    Run runAt(int cell) {
        int low = 0;
        int high = runs.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (runs.get(middle).firstCell() <= cell) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return runs.get(low);
    }

    private static final class Builder {
        private final AllocationInfo buffer;
        private final List<AccessVerdict> verdicts;
        private final AccessRange shown;
        private final long bytesPerCell;
        private final int[] flags;
        private final int[] reader;
        private final int[] writer;
        private final int[] outsider;

        Builder(AllocationInfo buffer, Allocations allocations, List<AccessVerdict> verdicts) {
            this.buffer = buffer;
            this.verdicts = verdicts;
            this.shown = allocations.surroundings(buffer, MARGIN);
            this.bytesPerCell = cellSize(buffer.range().size(), shown.size());
            int cells = (int) ((shown.size() + bytesPerCell - 1) / bytesPerCell);
            flags = new int[cells];
            reader = filled(cells);
            writer = filled(cells);
            outsider = filled(cells);
        }

        ByteMap build() {
            for (int i = 0; i < verdicts.size(); i++) {
                mark(i, verdicts.get(i));
            }
            return new ByteMap(buffer, shown, bytesPerCell, runs());
        }

        private static long cellSize(long bufferBytes, long shownBytes) {
            if (bufferBytes <= BYTE_CELLS_UP_TO) {
                return 1;
            }
            long size = CACHE_LINE;
            while ((shownBytes + size - 1) / size > MAX_CELLS) {
                size *= 2;
            }
            return size;
        }

        private static int[] filled(int cells) {
            int[] array = new int[cells];
            Arrays.fill(array, -1);
            return array;
        }

        private void mark(int index, AccessVerdict verdict) {
            AccessEvent event = verdict.event();
            AccessRange range = event.range();
            long from = Math.max(range.addr(), shown.addr());
            long to = Math.min(range.end(), shown.end());
            if (from >= to) {
                return;
            }
            long inFrom = Math.max(from, buffer.range().addr());
            long inTo = Math.min(to, buffer.range().end());
            if (inFrom < inTo) {
                if (buffer.freed()) {
                    mark(inFrom, inTo, OUTSIDE, outsider, index);
                } else if (event instanceof AccessEvent.Write) {
                    mark(inFrom, inTo, WRITE, writer, index);
                } else {
                    mark(inFrom, inTo, READ, reader, index);
                }
            }
            int outsideFlag = verdict instanceof Violation ? OUTSIDE : verdict instanceof BenignOverRead ? BENIGN : 0;
            if (outsideFlag != 0) {
                mark(from, Math.min(to, buffer.range().addr()), outsideFlag, outsider, index);
                mark(Math.max(from, buffer.range().end()), to, outsideFlag, outsider, index);
            }
        }

        private void mark(long from, long to, int flag, int[] responsible, int index) {
            if (from >= to) {
                return;
            }
            int first = cell(from);
            int last = cell(to - 1);
            for (int c = first; c <= last; c++) {
                flags[c] |= flag;
                // an out-of-bounds access outranks a benign over-read in the cell's title
                if (responsible[c] < 0 || (flag == OUTSIDE && !(verdicts.get(responsible[c]) instanceof Violation))) {
                    responsible[c] = index;
                }
            }
        }

        private int cell(long address) {
            return (int) ((address - shown.addr()) / bytesPerCell);
        }

        private CellState state(int c) {
            int f = flags[c];
            if ((f & OUTSIDE) != 0) {
                return CellState.OUT_OF_BOUNDS;
            }
            if ((f & (READ | WRITE)) == (READ | WRITE)) {
                return CellState.READ_WRITTEN;
            }
            if ((f & WRITE) != 0) {
                return CellState.WRITTEN;
            }
            if ((f & READ) != 0) {
                return CellState.READ;
            }
            if ((f & BENIGN) != 0) {
                return CellState.BENIGN_OVER_READ;
            }
            long cellStart = shown.addr() + c * bytesPerCell;
            long cellEnd = Math.min(cellStart + bytesPerCell, shown.end());
            boolean inBuffer = cellStart < buffer.range().end() && buffer.range().addr() < cellEnd;
            return inBuffer ? CellState.UNTOUCHED : CellState.REDZONE;
        }

        private List<Run> runs() {
            List<Run> runs = new ArrayList<>();
            int start = 0;
            for (int c = 1; c <= flags.length; c++) {
                if (c == flags.length || !looksAlike(start, c)) {
                    runs.add(run(start, c));
                    start = c;
                }
            }
            return runs;
        }

        private Run run(int first, int end) {
            long from = shown.addr() + first * bytesPerCell;
            long to = Math.min(shown.addr() + end * bytesPerCell, shown.end());
            return new Run(first, end - first, from, to, state(first),
                    verdict(reader[first]), verdict(writer[first]), verdict(outsider[first]));
        }

        private AccessVerdict verdict(int index) {
            return index < 0 ? null : verdicts.get(index);
        }

        private boolean looksAlike(int a, int b) {
            return state(a) == state(b)
                    && sameInstruction(verdict(reader[a]), verdict(reader[b]))
                    && sameInstruction(verdict(writer[a]), verdict(writer[b]))
                    && sameInstruction(verdict(outsider[a]), verdict(outsider[b]));
        }
    }

    /** Same state, and the same instructions responsible, so one title describes both. */
    static boolean looksAlike(Run a, Run b) {
        return a.state() == b.state()
                && sameInstruction(a.reader(), b.reader())
                && sameInstruction(a.writer(), b.writer())
                && sameInstruction(a.outsider(), b.outsider());
    }

    private static boolean sameInstruction(AccessVerdict a, AccessVerdict b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.event().ip() == b.event().ip()
                && a.getClass() == b.getClass()
                && a.event().getClass() == b.event().getClass()
                && Objects.equals(JudgedCall.verdictName(a), JudgedCall.verdictName(b));
    }
}
