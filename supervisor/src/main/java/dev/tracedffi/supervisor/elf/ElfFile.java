package dev.tracedffi.supervisor.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ELF64 little-endian file (shared library or executable): sections, PT_LOAD segments and the
 * symbols of .symtab and .dynsym. Malformed input gives an {@link IOException} saying what is wrong.
 */
public final class ElfFile {

    private static final int SHT_SYMTAB = 2;
    private static final int SHT_NOBITS = 8;
    private static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;
    private static final long SHF_EXECINSTR = 0x4;
    /** How far back symbolize looks for a sized symbol that contains the address. */
    private static final int CONTAINING_SEARCH = 16;

    public record Section(String name, int type, long flags, long address, long offset, long size) {
        public boolean executable() {
            return (flags & SHF_EXECINSTR) != 0;
        }

        public boolean hasFileBytes() {
            return type != SHT_NOBITS;
        }
    }

    public record LoadSegment(long vaddr, long offset, long fileSize, long memSize, int flags) {
        public boolean executable() {
            return (flags & 1) != 0;
        }
    }

    public enum SymbolType { FUNC, OBJECT, OTHER }

    public record Symbol(String name, long value, long size, SymbolType type) {
    }

    /** An address as symbol + offset, printed {@code crc32_z+0x4c}. */
    public record Symbolized(String name, long offset) {
        @Override
        public String toString() {
            return offset == 0 ? name : name + "+0x" + Long.toHexString(offset);
        }
    }

    private final Path path;
    private final byte[] data;
    private final List<Section> sections;
    private final List<LoadSegment> loadSegments;
    private final List<Symbol> symbols;
    private final Symbol[] functions;

    private ElfFile(Path path, byte[] data, List<Section> sections, List<LoadSegment> loadSegments,
                    List<Symbol> symbols) {
        this.path = path;
        this.data = data;
        this.sections = sections;
        this.loadSegments = loadSegments;
        this.symbols = symbols;
        this.functions = symbols.stream().filter(s -> s.type() == SymbolType.FUNC).toArray(Symbol[]::new);
    }

    public static ElfFile read(Path path) throws IOException {
        return parse(path, Files.readAllBytes(path));
    }

    /** Parses {@code data}, the bytes of the file at {@code path} (which is only named in errors). */
    public static ElfFile parse(Path path, byte[] data) throws IOException {
        Reader in = new Reader(path, data);
        in.require(data.length >= 64, "shorter than an ELF64 header");
        in.require(data[0] == 0x7F && data[1] == 'E' && data[2] == 'L' && data[3] == 'F', "no ELF magic");
        in.require(data[4] == 2, "not ELF64 (EI_CLASS " + data[4] + ")");
        in.require(data[5] == 1, "not little-endian (EI_DATA " + data[5] + ")");
        long phoff = in.u64(0x20);
        long shoff = in.u64(0x28);
        int phentsize = in.u16(0x36);
        int phnum = in.u16(0x38);
        int shentsize = in.u16(0x3A);
        int shnum = in.u16(0x3C);
        int shstrndx = in.u16(0x3E);

        List<LoadSegment> loads = new ArrayList<>();
        if (phnum > 0) {
            in.require(phentsize >= 56, "program header entry size " + phentsize);
            for (int i = 0; i < phnum; i++) {
                long at = in.checkedRange(phoff + (long) i * phentsize, 56, "program header " + i);
                if (in.u32(at) == PT_LOAD) {
                    loads.add(new LoadSegment(in.u64(at + 16), in.u64(at + 8), in.u64(at + 32), in.u64(at + 40),
                            (int) in.u32(at + 4)));
                }
            }
        }

        List<Section> sections = new ArrayList<>();
        List<long[]> symbolTables = new ArrayList<>();
        if (shnum > 0) {
            in.require(shentsize >= 64, "section header entry size " + shentsize);
            in.require(shstrndx < shnum, "section name table index " + shstrndx + " of " + shnum);
            long[][] raw = new long[shnum][];
            for (int i = 0; i < shnum; i++) {
                long at = in.checkedRange(shoff + (long) i * shentsize, 64, "section header " + i);
                raw[i] = new long[] {in.u32(at), in.u32(at + 4), in.u64(at + 8), in.u64(at + 16), in.u64(at + 24),
                        in.u64(at + 32), in.u32(at + 40), in.u64(at + 56)};
            }
            long[] names = raw[shstrndx];
            for (int i = 0; i < shnum; i++) {
                long[] h = raw[i];
                String name = i == 0 ? "" : in.string(names[4], names[5], h[0]);
                Section section = new Section(name, (int) h[1], h[2], h[3], h[4], h[5]);
                if (section.hasFileBytes()) {
                    in.checkedRange(section.offset(), section.size(), "section " + name);
                }
                sections.add(section);
                if (h[1] == SHT_SYMTAB || h[1] == SHT_DYNSYM) {
                    in.require(h[6] < shnum, "symbol table " + name + " links to section " + h[6]);
                    long[] strings = raw[(int) h[6]];
                    symbolTables.add(new long[] {h[4], h[5], h[7], strings[4], strings[5]});
                }
            }
        }
        return new ElfFile(path, data, List.copyOf(sections), List.copyOf(loads), readSymbols(in, symbolTables));
    }

    private static List<Symbol> readSymbols(Reader in, List<long[]> tables) throws IOException {
        List<Symbol> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long[] table : tables) {
            long offset = table[0];
            long size = table[1];
            long entrySize = table[2] == 0 ? 24 : table[2];
            in.require(entrySize >= 24, "symbol entry size " + entrySize);
            for (long at = offset; at + entrySize <= offset + size; at += entrySize) {
                int info = in.u8(at + 4);
                int sectionIndex = in.u16(at + 6);
                long value = in.u64(at + 8);
                if (sectionIndex == 0 || value == 0) {
                    continue; // undefined or absolute-zero: nothing to symbolize with
                }
                String name = in.string(table[3], table[4], in.u32(at));
                if (name.isEmpty() || !seen.add(name + "@" + value)) {
                    continue;
                }
                int type = info & 0xF;
                // STT_GNU_IFUNC (10) resolvers are code too.
                SymbolType kind = type == 2 || type == 10 ? SymbolType.FUNC : type == 1 ? SymbolType.OBJECT
                        : SymbolType.OTHER;
                result.add(new Symbol(name, value, in.u64(at + 16), kind));
            }
        }
        result.sort(Comparator.comparingLong(Symbol::value).thenComparing(Symbol::name));
        return List.copyOf(result);
    }

    public Path path() {
        return path;
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<LoadSegment> loadSegments() {
        return loadSegments;
    }

    /** Symbols of .symtab and .dynsym, defined ones only, sorted by value. */
    public List<Symbol> symbols() {
        return symbols;
    }

    /** A copy of the section's bytes as stored in the file (empty for SHT_NOBITS). */
    public byte[] bytes(Section section) {
        if (!section.hasFileBytes()) {
            return new byte[0];
        }
        return Arrays.copyOfRange(data, (int) section.offset(), (int) (section.offset() + section.size()));
    }

    /**
     * The function containing {@code vaddr}: the sized FUNC symbol that contains it if one of the
     * nearest preceding ones does, else the nearest preceding FUNC symbol if its size is unknown (hand
     * written assembly). Empty when the address lies past the end of every nearby function, as local
     * functions of a stripped library do: naming a distant exported symbol would mislead.
     */
    public Optional<Symbolized> symbolize(long vaddr) {
        int low = 0;
        int high = functions.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (functions[mid].value() <= vaddr) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0) {
            return Optional.empty();
        }
        for (int i = found; i >= 0 && i > found - CONTAINING_SEARCH; i--) {
            Symbol candidate = functions[i];
            if (candidate.size() > 0 && vaddr < candidate.value() + candidate.size()) {
                return Optional.of(new Symbolized(candidate.name(), vaddr - candidate.value()));
            }
        }
        Symbol nearest = functions[found];
        return nearest.size() == 0 ? Optional.of(new Symbolized(nearest.name(), vaddr - nearest.value())) : Optional.empty();
    }

    /** The virtual address a file offset is loaded at, or -1 if no PT_LOAD segment maps it. */
    public long fileOffsetToVaddr(long offset) {
        for (LoadSegment segment : loadSegments) {
            if (offset >= segment.offset() && offset - segment.offset() < segment.fileSize()) {
                return segment.vaddr() + (offset - segment.offset());
            }
        }
        return -1;
    }

    /** Bounds-checked little-endian access that reports malformed input as IOException. */
    private static final class Reader {
        private final Path path;
        private final byte[] data;
        private final ByteBuffer buffer;

        Reader(Path path, byte[] data) {
            this.path = path;
            this.data = data;
            this.buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        void require(boolean condition, String problem) throws IOException {
            if (!condition) {
                throw new IOException("malformed ELF file " + path + ": " + problem);
            }
        }

        long checkedRange(long offset, long length, String what) throws IOException {
            require(offset >= 0 && length >= 0 && offset <= data.length && length <= data.length - offset,
                    what + " [" + offset + ", +" + length + ") lies outside the " + data.length + "-byte file");
            return offset;
        }

        int u8(long at) throws IOException {
            checkedRange(at, 1, "byte");
            return data[(int) at] & 0xFF;
        }

        int u16(long at) throws IOException {
            checkedRange(at, 2, "half-word");
            return buffer.getShort((int) at) & 0xFFFF;
        }

        long u32(long at) throws IOException {
            checkedRange(at, 4, "word");
            return buffer.getInt((int) at) & 0xFFFF_FFFFL;
        }

        long u64(long at) throws IOException {
            checkedRange(at, 8, "double word");
            return buffer.getLong((int) at);
        }

        String string(long tableOffset, long tableSize, long index) throws IOException {
            checkedRange(tableOffset, tableSize, "string table");
            require(index < tableSize, "string index " + index + " beyond its table of " + tableSize);
            int begin = (int) (tableOffset + index);
            int end = begin;
            int tableEnd = (int) (tableOffset + tableSize);
            while (end < tableEnd && data[end] != 0) {
                end++;
            }
            require(end < tableEnd, "unterminated string at " + begin);
            return new String(data, begin, end - begin, StandardCharsets.UTF_8);
        }
    }
}
