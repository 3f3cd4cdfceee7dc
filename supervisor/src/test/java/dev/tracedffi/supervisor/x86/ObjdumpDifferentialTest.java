package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tracedffi.supervisor.elf.ElfFile;

/**
 * Decodes every instruction objdump decodes in real libraries and compares length and memory
 * operand sizes. Prints the agreement table; accepted disagreement classes are in docs/decoder.md.
 */
class ObjdumpDifferentialTest {

    private static final List<DecoderAgreement> RESULTS = new ArrayList<>();

    static Stream<Arguments> libraries() {
        String lib = "/lib/x86_64-linux-gnu/";
        return Stream.of(
                Arguments.of("libc.so.6", Path.of(lib + "libc.so.6"), true),
                Arguments.of("libz.so.1", Path.of(lib + "libz.so.1"), false),
                Arguments.of("libcrypto.so.3", Path.of(lib + "libcrypto.so.3"), true),
                Arguments.of("libstdc++.so.6", Path.of(lib + "libstdc++.so.6"), false),
                Arguments.of("libjvm.so", Path.of(System.getProperty("java.home"), "lib/server/libjvm.so"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void agreesWithObjdump(String name, Path file, boolean unknownBudgetApplies) throws Exception {
        assumeTrue(ObjdumpListing.available(file), "objdump or " + file + " is absent");
        DecoderAgreement agreement = compare(name, file);
        synchronized (RESULTS) {
            RESULTS.add(agreement);
        }
        System.out.println(DecoderAgreement.header() + "\n" + agreement.row() + "\n" + agreement.details());

        assertThat(agreement.lengthPercent()).as("length agreement").isEqualTo(100.0);
        assertThat(agreement.sizePercent()).as("operand size agreement").isGreaterThanOrEqualTo(99.9);
        if (unknownBudgetApplies) {
            assertThat(agreement.unknownPercent()).as("unknown instructions").isLessThanOrEqualTo(0.01);
        }
    }

    static DecoderAgreement compare(String name, Path file) throws Exception {
        ElfFile elf = ElfFile.read(file);
        List<ElfFile.Section> code = elf.sections().stream().filter(ElfFile.Section::executable)
                .filter(ElfFile.Section::hasFileBytes).toList();
        List<byte[]> bytes = code.stream().map(elf::bytes).toList();
        DecoderAgreement agreement = new DecoderAgreement(name);
        ObjdumpListing.stream(file, line -> {
            for (int i = 0; i < code.size(); i++) {
                ElfFile.Section section = code.get(i);
                long offset = line.address() - section.address();
                if (offset >= 0 && offset < section.size()) {
                    Instruction ours = X86Decoder.decode(bytes.get(i), (int) offset,
                            (int) (section.size() - offset), line.address());
                    agreement.compare(line, ours);
                    return;
                }
            }
        });
        return agreement;
    }

    @AfterAll
    static void printTable() {
        StringBuilder table = new StringBuilder("\nx86 decoder vs objdump\n").append(DecoderAgreement.header());
        RESULTS.forEach(r -> table.append('\n').append(r.row()));
        System.out.println(table);
    }
}
