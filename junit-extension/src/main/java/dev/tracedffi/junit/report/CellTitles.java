package dev.tracedffi.junit.report;

import dev.tracedffi.junit.assertions.AccessDescription;
import dev.tracedffi.junit.assertions.AccessVerdict;
import dev.tracedffi.junit.assertions.BufferRange;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;

import java.util.ArrayList;
import java.util.List;

/** The hover text of the cells of a byte map: which bytes, what happened to them, which instructions did it. */
final class CellTitles {

    private CellTitles() {
    }

    /** For a run of cells: {@code dst[16, 17): out of bounds — WRITE of size 1 at libbuggy.so!fill+0x12}. */
    static String ofRun(ByteMap map, ByteMap.Run run, CallReport call) {
        BufferRange bytes = new BufferRange(map.buffer(), new AccessRange(run.from(), run.to() - run.from()));
        return bytes + ": " + what(run, call);
    }

    /**
     * For one byte: {@code dst[3] = 0x41: written — WRITE of size 16 at libbuggy.so!fill+0x5}.
     *
     * @param value the byte after the call, or a negative number when it is not known
     * @param what  {@link #what} of the byte's run
     */
    static String ofByte(AllocationInfo buffer, long offset, int value, String what) {
        String is = value < 0 ? "" : String.format(" = 0x%02x", value);
        return buffer.label() + "[" + offset + "]" + is + ": " + what;
    }

    /** The state of a run's cells and the instructions responsible: {@code read — READ of size 8 at 0x50}. */
    static String what(ByteMap.Run run, CallReport call) {
        List<String> accesses = new ArrayList<>(3);
        if (run.outsider() != null) {
            String verdict = JudgedCall.verdictName(run.outsider());
            // the state already says "out of bounds" or "benign over-read"; name only a use after free
            accesses.add((verdict.equals(run.state().label) ? "" : verdict + ": ") + access(run.outsider(), call));
        }
        if (run.reader() != null) {
            accesses.add(access(run.reader(), call));
        }
        if (run.writer() != null) {
            accesses.add(access(run.writer(), call));
        }
        return run.state().label + (accesses.isEmpty() ? "" : " — " + String.join("; ", accesses));
    }

    private static String access(AccessVerdict verdict, CallReport call) {
        return AccessDescription.of(verdict.event(), call::instruction);
    }
}
