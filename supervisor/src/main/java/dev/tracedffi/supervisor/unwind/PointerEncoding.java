package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ByteCursor;
import dev.tracedffi.supervisor.elf.MalformedDebugInfo;

/** The DW_EH_PE_* pointer encodings of .eh_frame and .eh_frame_hdr (LSB "Linux Standard Base Core", 10.5). */
final class PointerEncoding {

    static final int OMIT = 0xFF;
    private static final int PCREL = 0x10;
    private static final int DATAREL = 0x30;
    private static final int INDIRECT = 0x80;

    private PointerEncoding() {
    }

    /**
     * Reads one encoded pointer.
     *
     * @param sectionVaddr where byte 0 of the cursor's array is loaded, for pc-relative values
     * @param dataRelBase  the base of datarel values (.eh_frame_hdr's own address)
     */
    static long read(ByteCursor in, int encoding, long sectionVaddr, long dataRelBase) {
        if (encoding == OMIT) {
            throw new MalformedDebugInfo("read of an omitted pointer");
        }
        if ((encoding & INDIRECT) != 0) {
            throw new MalformedDebugInfo("indirect pointer encoding 0x" + Integer.toHexString(encoding));
        }
        long fieldVaddr = sectionVaddr + in.position();
        long value = switch (encoding & 0x0F) {
            case 0x00, 0x04 -> in.u64();
            case 0x01 -> in.uleb128();
            case 0x02 -> in.u16();
            case 0x03 -> in.u32();
            case 0x09 -> in.sleb128();
            case 0x0A -> in.signed(2);
            case 0x0B -> in.signed(4);
            case 0x0C -> in.signed(8);
            default -> throw new MalformedDebugInfo("pointer format 0x" + Integer.toHexString(encoding));
        };
        return switch (encoding & 0x70) {
            case 0x00 -> value;
            case PCREL -> value + fieldVaddr;
            case DATAREL -> value + dataRelBase;
            default -> throw new MalformedDebugInfo("pointer application 0x" + Integer.toHexString(encoding));
        };
    }
}
