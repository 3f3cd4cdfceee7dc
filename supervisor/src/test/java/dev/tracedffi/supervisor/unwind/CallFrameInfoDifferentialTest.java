package dev.tracedffi.supervisor.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracedffi.supervisor.elf.ElfFile;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of every FDE's call-frame table, as {@code readelf --debug-dump=frames-interp} prints it,
 * against the FDE found through .eh_frame_hdr and the row {@link CfaProgram} computes at that pc.
 */
class CallFrameInfoDifferentialTest {

    private static final Path READELF = Path.of("/usr/bin/readelf");
    private static final Pattern FDE = Pattern.compile(".* FDE cie=\\S+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)$");
    private static final Map<String, Integer> DWARF = Map.ofEntries(Map.entry("rax", 0), Map.entry("rdx", 1),
            Map.entry("rcx", 2), Map.entry("rbx", 3), Map.entry("rsi", 4), Map.entry("rdi", 5), Map.entry("rbp", 6),
            Map.entry("rsp", 7), Map.entry("r8", 8), Map.entry("r9", 9), Map.entry("r10", 10), Map.entry("r11", 11),
            Map.entry("r12", 12), Map.entry("r13", 13), Map.entry("r14", 14), Map.entry("r15", 15), Map.entry("ra", 16));

    static Stream<Arguments> libraries() {
        String lib = "/lib/x86_64-linux-gnu/";
        return Stream.of(Arguments.of(Path.of(lib + "libc.so.6")), Arguments.of(Path.of(lib + "libstdc++.so.6")),
                Arguments.of(Path.of(lib + "libz.so.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void agreesWithReadelf(Path file) throws Exception {
        assumeTrue(Files.isExecutable(READELF) && Files.isReadable(file), "readelf or " + file + " is absent");
        CallFrameInfo cfi = CallFrameInfo.of(ElfFile.read(file)).orElseThrow();
        Process readelf = new ProcessBuilder(READELF.toString(), "--debug-dump=frames-interp", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int fdes = 0;
        int rows = 0;
        List<String> differences = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(readelf.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            FrameDescription fde = null;
            String[] columns = null;
            while ((line = in.readLine()) != null) {
                Matcher m = FDE.matcher(line);
                if (m.matches()) {
                    long begin = Long.parseUnsignedLong(m.group(1), 16);
                    fde = begin == Long.parseUnsignedLong(m.group(2), 16) ? null : cfi.find(begin).orElse(null);
                    fdes++;
                    assertThat(fde).as("FDE of 0x" + m.group(1)).isNotNull();
                    assertThat(fde.pcBegin()).isEqualTo(begin);
                    columns = null;
                } else if (line.strip().startsWith("LOC")) {
                    columns = line.strip().split("\\s+");
                } else if (fde != null && columns != null && line.matches("[0-9a-f]{16} .*")) {
                    String[] cells = line.replaceAll("r(\\d+) \\(\\w+\\)", "r$1").strip().split("\\s+");
                    long loc = Long.parseUnsignedLong(cells[0], 16);
                    UnwindRow row = CfaProgram.rowAt(fde, loc);
                    rows++;
                    for (int i = 1; i < columns.length && i < cells.length; i++) {
                        String ours = i == 1 ? cfa(row) : rule(row, columns[i]);
                        if (ours != null && !ours.equals(cells[i]) && differences.size() < 20) {
                            differences.add(String.format("0x%x %s: ours %s, readelf %s", loc, columns[i], ours, cells[i]));
                        }
                    }
                }
            }
        } finally {
            if (!readelf.waitFor(1, TimeUnit.MINUTES)) {
                readelf.destroyForcibly();
            }
        }
        System.out.printf("%s: %d FDEs, %d rows, all agree with readelf: %s%n", file.getFileName(), fdes, rows,
                differences.isEmpty());
        assertThat(rows).isPositive();
        assertThat(differences).isEmpty();
    }

    private static String cfa(UnwindRow row) {
        if (row.cfaExpression != null) {
            return "exp";
        }
        String name = DWARF.entrySet().stream().filter(e -> e.getValue() == row.cfaRegister).map(Map.Entry::getKey)
                .findFirst().orElse("r" + row.cfaRegister);
        return name + (row.cfaOffset < 0 ? "" : "+") + row.cfaOffset;
    }

    /** readelf's cell for a register: u, s, c-16, v+8, r3, exp, vexp; null for columns we do not keep. */
    private static String rule(UnwindRow row, String column) {
        Integer register = DWARF.get(column);
        if (register == null) {
            return null;
        }
        RegisterRule rule = row.rule(register);
        if (rule == null || rule instanceof RegisterRule.Undefined) {
            return "u";
        }
        if (rule instanceof RegisterRule.SameValue) {
            return "s";
        }
        if (rule instanceof RegisterRule.Offset o) {
            return "c" + (o.offset() < 0 ? "" : "+") + o.offset();
        }
        if (rule instanceof RegisterRule.ValOffset v) {
            return "v" + (v.offset() < 0 ? "" : "+") + v.offset();
        }
        if (rule instanceof RegisterRule.InRegister r) {
            return "r" + r.register();
        }
        return rule instanceof RegisterRule.Expression ? "exp" : "vexp";
    }
}
