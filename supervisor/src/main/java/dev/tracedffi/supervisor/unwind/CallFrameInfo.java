package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ByteCursor;
import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.elf.MalformedDebugInfo;
import dev.tracedffi.supervisor.unwind.FrameDescription.CommonInformation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The .eh_frame call-frame information of one ELF file. An FDE is found by binary search in
 * .eh_frame_hdr's sorted table when the file has one (every gcc/ld output does), else in an index
 * built once by walking .eh_frame.
 */
public final class CallFrameInfo {

    private final byte[] ehFrame;
    private final long ehFrameVaddr;
    /** Sorted FDE start addresses and the offsets of their FDEs in .eh_frame. */
    private final long[] starts;
    private final int[] fdeOffsets;
    private final Map<Integer, CommonInformation> cies = new HashMap<>();

    private CallFrameInfo(byte[] ehFrame, long ehFrameVaddr, long[] starts, int[] fdeOffsets) {
        this.ehFrame = ehFrame;
        this.ehFrameVaddr = ehFrameVaddr;
        this.starts = starts;
        this.fdeOffsets = fdeOffsets;
    }

    /** The file's call-frame information, or empty when it has no .eh_frame. */
    public static Optional<CallFrameInfo> of(ElfFile elf) {
        Optional<ElfFile.Section> section = elf.section(".eh_frame").filter(ElfFile.Section::hasFileBytes);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        byte[] ehFrame = elf.bytes(section.get());
        long vaddr = section.get().address();
        Optional<ElfFile.Section> hdr = elf.section(".eh_frame_hdr").filter(ElfFile.Section::hasFileBytes);
        if (hdr.isPresent()) {
            Optional<CallFrameInfo> fromTable = fromHeader(ehFrame, vaddr, elf.bytes(hdr.get()), hdr.get().address());
            if (fromTable.isPresent()) {
                return fromTable;
            }
        }
        return Optional.of(fromWalk(ehFrame, vaddr));
    }

    private static Optional<CallFrameInfo> fromHeader(byte[] ehFrame, long ehFrameVaddr, byte[] hdr, long hdrVaddr) {
        ByteCursor in = new ByteCursor(hdr);
        int version = in.u8();
        int framePointerEncoding = in.u8();
        int countEncoding = in.u8();
        int tableEncoding = in.u8();
        if (version != 1 || countEncoding == PointerEncoding.OMIT || tableEncoding == PointerEncoding.OMIT) {
            return Optional.empty();
        }
        PointerEncoding.read(in, framePointerEncoding, hdrVaddr, hdrVaddr);
        int count = Math.toIntExact(PointerEncoding.read(in, countEncoding, hdrVaddr, hdrVaddr));
        long[] starts = new long[count];
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = PointerEncoding.read(in, tableEncoding, hdrVaddr, hdrVaddr);
            long fde = PointerEncoding.read(in, tableEncoding, hdrVaddr, hdrVaddr) - ehFrameVaddr;
            if (fde < 0 || fde >= ehFrame.length) {
                throw new MalformedDebugInfo("eh_frame_hdr entry " + i + " points outside .eh_frame");
            }
            offsets[i] = (int) fde;
            if (i > 0 && starts[i] < starts[i - 1]) {
                return Optional.empty(); // not sorted: the table cannot be searched
            }
        }
        return Optional.of(new CallFrameInfo(ehFrame, ehFrameVaddr, starts, offsets));
    }

    private static CallFrameInfo fromWalk(byte[] ehFrame, long vaddr) {
        CallFrameInfo info = new CallFrameInfo(ehFrame, vaddr, new long[0], new int[0]);
        List<long[]> entries = new ArrayList<>();
        ByteCursor in = new ByteCursor(ehFrame);
        while (in.hasMore()) {
            int entry = in.position();
            long length = in.u32();
            if (length == 0) {
                break; // terminator
            }
            if (length == 0xFFFF_FFFFL) {
                length = in.u64();
            }
            int idField = in.position();
            long id = in.u32();
            in.seek(Math.toIntExact(idField + length));
            if (id != 0) {
                FrameDescription fde = info.parseFde(entry);
                entries.add(new long[] {fde.pcBegin(), entry});
            }
        }
        entries.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] starts = entries.stream().mapToLong(e -> e[0]).toArray();
        int[] offsets = entries.stream().mapToInt(e -> (int) e[1]).toArray();
        return new CallFrameInfo(ehFrame, vaddr, starts, offsets);
    }

    /** The FDE whose range holds {@code vaddr} (a virtual address of this ELF file). */
    public Optional<FrameDescription> find(long vaddr) {
        int index = Arrays.binarySearch(starts, vaddr);
        if (index < 0) {
            index = -index - 2;
        } else {
            while (index + 1 < starts.length && starts[index + 1] == vaddr) {
                index++;
            }
        }
        // a zero-length FDE may share its start with the real one: look at a few before as well
        for (int i = index; i >= 0 && i > index - 4; i--) {
            FrameDescription fde = parseFde(fdeOffsets[i]);
            if (fde.covers(vaddr)) {
                return Optional.of(fde);
            }
        }
        return Optional.empty();
    }

    private FrameDescription parseFde(int entry) {
        ByteCursor body = entryBody(entry);
        int idField = body.position();
        long ciePointer = body.u32();
        if (ciePointer == 0) {
            throw new MalformedDebugInfo("entry at " + entry + " is a CIE, not an FDE");
        }
        CommonInformation cie = cie(Math.toIntExact(idField - ciePointer));
        long pcBegin = PointerEncoding.read(body, cie.fdeEncoding(), ehFrameVaddr, 0);
        long pcRange = PointerEncoding.read(body, cie.fdeEncoding() & 0x0F, ehFrameVaddr, 0);
        if (cie.augmentationData()) {
            body.skip(body.uleb128());
        }
        return new FrameDescription(cie, pcBegin, pcBegin + pcRange, body.bytes(body.limit() - body.position()));
    }

    /** The body of the CIE or FDE at {@code entry}, from its id field on (after the 32- or 64-bit length). */
    private ByteCursor entryBody(int entry) {
        ByteCursor in = new ByteCursor(ehFrame, entry, ehFrame.length);
        long length = in.u32();
        if (length == 0xFFFF_FFFFL) {
            length = in.u64();
        }
        int idField = in.position();
        return new ByteCursor(ehFrame, idField, Math.toIntExact(idField + length));
    }

    private synchronized CommonInformation cie(int entry) {
        CommonInformation known = cies.get(entry);
        if (known == null) {
            known = parseCie(entry);
            cies.put(entry, known);
        }
        return known;
    }

    private CommonInformation parseCie(int entry) {
        ByteCursor body = entryBody(entry);
        if (body.u32() != 0) {
            throw new MalformedDebugInfo("CIE pointer at " + entry + " leads to an FDE");
        }
        int version = body.u8();
        String augmentation = body.cString();
        if (!augmentation.isEmpty() && !augmentation.startsWith("z")) {
            throw new MalformedDebugInfo("CIE augmentation \"" + augmentation + "\" without length");
        }
        long codeAlignment = body.uleb128();
        long dataAlignment = body.sleb128();
        int returnRegister = version == 1 ? body.u8() : (int) body.uleb128();
        int fdeEncoding = 0;
        boolean signalFrame = false;
        if (augmentation.startsWith("z")) {
            ByteCursor data = body.slice(body.uleb128());
            for (char c : augmentation.substring(1).toCharArray()) {
                switch (c) {
                    case 'R' -> fdeEncoding = data.u8();
                    case 'L' -> data.u8();
                    case 'P' -> PointerEncoding.read(data, data.u8() & 0x7F, ehFrameVaddr, 0);
                    case 'S' -> signalFrame = true;
                    case 'B' -> { }
                    default -> throw new MalformedDebugInfo("CIE augmentation '" + c + "'");
                }
            }
        }
        byte[] initial = body.bytes(body.limit() - body.position());
        return new CommonInformation(codeAlignment, dataAlignment, returnRegister, initial, fdeEncoding,
                signalFrame, !augmentation.isEmpty());
    }
}
