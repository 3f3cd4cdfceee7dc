package dev.tracedffi.supervisor.elf;

import java.util.ArrayList;
import java.util.List;

/** One unit of .debug_line: its header (DWARF 2-5 layouts) and the line-number state machine (DWARF 5, 6.2). */
final class LineProgram {

    private static final int DW_LNCT_PATH = 1;
    private static final int DW_LNCT_DIRECTORY_INDEX = 2;

    private LineProgram() {
    }

    /** Reads the unit at the cursor, adds its rows, and leaves the cursor at the next unit. */
    static void run(ByteCursor in, byte[] lineStrings, byte[] strings, LineTable.Rows rows) {
        long unitLength = in.u32();
        boolean dwarf64 = unitLength == 0xFFFF_FFFFL;
        if (dwarf64) {
            unitLength = in.u64();
        }
        ByteCursor unit = in.slice(unitLength);
        int version = unit.u16();
        if (version < 2 || version > 5) {
            throw new MalformedDebugInfo(".debug_line version " + version);
        }
        int addressSize = 8;
        if (version >= 5) {
            addressSize = unit.u8();
            unit.u8(); // segment selector size
        }
        long headerLength = dwarf64 ? unit.u64() : unit.u32();
        int programStart = Math.toIntExact(unit.position() + headerLength);
        int minimumInstructionLength = unit.u8();
        if (version >= 4) {
            unit.u8(); // maximum operations per instruction: VLIW only
        }
        unit.u8(); // default_is_stmt: addr2line uses every row, statement or not
        int lineBase = (byte) unit.u8();
        int lineRange = unit.u8();
        int opcodeBase = unit.u8();
        if (lineRange == 0) {
            throw new MalformedDebugInfo(".debug_line line_range 0");
        }
        int[] standardLengths = new int[opcodeBase];
        for (int i = 1; i < opcodeBase; i++) {
            standardLengths[i] = unit.u8();
        }
        int[] fileIds = version >= 5
                ? fileTableV5(unit, lineStrings, strings, dwarf64, rows)
                : fileTableV4(unit, rows);
        unit.seek(programStart);
        State state = new State();
        while (unit.hasMore()) {
            int op = unit.u8();
            if (op >= opcodeBase) {
                int adjusted = op - opcodeBase;
                state.address += (long) (adjusted / lineRange) * minimumInstructionLength;
                state.line += lineBase + adjusted % lineRange;
                emit(state, fileIds, rows);
                continue;
            }
            switch (op) {
                case 0 -> {
                    long length = unit.uleb128();
                    ByteCursor extended = unit.slice(length);
                    int sub = length == 0 ? 0 : extended.u8();
                    switch (sub) {
                        case 1 -> {
                            rows.endSequence(state.address);
                            state = new State();
                        }
                        case 2 -> state.address = extended.unsigned(Math.min(addressSize, (int) length - 1));
                        default -> { } // define_file (DWARF 2-4, unused by compilers), discriminator, vendor
                    }
                }
                case 1 -> emit(state, fileIds, rows);
                case 2 -> state.address += unit.uleb128() * minimumInstructionLength;
                case 3 -> state.line += (int) unit.sleb128();
                case 4 -> state.file = (int) unit.uleb128();
                case 5 -> state.column = (int) unit.uleb128();
                case 8 -> state.address += (long) ((255 - opcodeBase) / lineRange) * minimumInstructionLength;
                case 9 -> state.address += unit.u16();
                case 6, 7, 10, 11 -> { } // is_stmt, basic_block, prologue_end, epilogue_begin: not needed
                default -> {
                    for (int i = 0; i < standardLengths[op]; i++) {
                        unit.uleb128();
                    }
                }
            }
        }
    }

    private static final class State {
        long address;
        int file = 1;
        int line = 1;
        int column;
    }

    private static void emit(State state, int[] fileIds, LineTable.Rows rows) {
        int id = state.file >= 0 && state.file < fileIds.length ? fileIds[state.file] : -1;
        if (id >= 0) {
            rows.add(state.address, id, state.line, state.column);
        }
    }

    /** DWARF 2-4: include_directories then file_names, each list ended by an empty string; files count from 1. */
    private static int[] fileTableV4(ByteCursor unit, LineTable.Rows rows) {
        List<String> directories = new ArrayList<>();
        directories.add("");
        for (String dir = unit.cString(); !dir.isEmpty(); dir = unit.cString()) {
            directories.add(dir);
        }
        List<Integer> ids = new ArrayList<>();
        ids.add(-1);
        for (String name = unit.cString(); !name.isEmpty(); name = unit.cString()) {
            int dir = (int) unit.uleb128();
            unit.uleb128();
            unit.uleb128();
            ids.add(rows.file(join(dir < directories.size() ? directories.get(dir) : "", name)));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** DWARF 5: self-describing entry formats; directory 0 is the compilation directory, files count from 0. */
    private static int[] fileTableV5(ByteCursor unit, byte[] lineStrings, byte[] strings, boolean dwarf64,
                                     LineTable.Rows rows) {
        List<String[]> directories = entries(unit, lineStrings, strings, dwarf64);
        List<String[]> files = entries(unit, lineStrings, strings, dwarf64);
        String compilationDirectory = directories.isEmpty() ? "" : directories.get(0)[0];
        int[] ids = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            String[] file = files.get(i);
            int dir = file[1] == null ? 0 : Integer.parseInt(file[1]);
            String directory = dir < directories.size() ? directories.get(dir)[0] : "";
            if (dir != 0) {
                directory = join(compilationDirectory, directory);
            }
            ids[i] = rows.file(join(directory, file[0]));
        }
        return ids;
    }

    /** A DWARF 5 entry list: each entry's path and directory index (as text), other fields skipped. */
    private static List<String[]> entries(ByteCursor unit, byte[] lineStrings, byte[] strings, boolean dwarf64) {
        int formatCount = unit.u8();
        long[][] format = new long[formatCount][];
        for (int i = 0; i < formatCount; i++) {
            format[i] = new long[] {unit.uleb128(), unit.uleb128()};
        }
        long count = unit.uleb128();
        List<String[]> result = new ArrayList<>();
        for (long n = 0; n < count; n++) {
            String[] entry = new String[2];
            for (long[] field : format) {
                String value = readForm(unit, (int) field[1], lineStrings, strings, dwarf64);
                if (field[0] == DW_LNCT_PATH) {
                    entry[0] = value;
                } else if (field[0] == DW_LNCT_DIRECTORY_INDEX) {
                    entry[1] = value;
                }
            }
            if (entry[0] == null) {
                entry[0] = "";
            }
            result.add(entry);
        }
        return result;
    }

    /** A string form as text, a constant form as its decimal value, anything else skipped (null). */
    private static String readForm(ByteCursor in, int form, byte[] lineStrings, byte[] strings, boolean dwarf64) {
        return switch (form) {
            case 0x08 -> in.cString(); // string
            case 0x1F -> new ByteCursor(lineStrings).cStringAt(dwarf64 ? in.u64() : in.u32()); // line_strp
            case 0x0E -> new ByteCursor(strings).cStringAt(dwarf64 ? in.u64() : in.u32()); // strp
            case 0x0B -> Long.toString(in.u8()); // data1
            case 0x05 -> Long.toString(in.u16()); // data2
            case 0x06 -> Long.toString(in.u32()); // data4
            case 0x07 -> Long.toString(in.u64()); // data8
            case 0x0F -> Long.toString(in.uleb128()); // udata
            case 0x1E -> { // data16 (MD5)
                in.skip(16);
                yield null;
            }
            case 0x09 -> { // block
                in.skip(in.uleb128());
                yield null;
            }
            default -> throw new MalformedDebugInfo("DW_FORM 0x" + Integer.toHexString(form) + " in a line table header");
        };
    }

    private static String join(String directory, String name) {
        if (name.startsWith("/") || directory.isEmpty()) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
