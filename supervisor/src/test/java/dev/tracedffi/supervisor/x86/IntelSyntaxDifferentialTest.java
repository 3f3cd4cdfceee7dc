package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracedffi.supervisor.elf.ElfFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prints every instruction objdump decodes in real libraries in Intel syntax and compares the text
 * with {@code objdump -d -M intel}, normalised: lowercase, ", " between operands, no comments or
 * {@code <symbol>} annotations, branch targets with 0x. Counts exact agreement, honest fallbacks
 * (mnemonic and bytes) and disagreements; a disagreement is a wrong operand and fails the test.
 */
class IntelSyntaxDifferentialTest {

    private static final Pattern BRANCH = Pattern.compile(
            "^((?:(?:bnd|notrack|cs|ds|es|ss|data16) )*(?:j[a-z]+|call|loop[a-z]*|jrcxz|xbegin)) ([0-9a-f]+)$");

    static Stream<Arguments> libraries() {
        String lib = "/lib/x86_64-linux-gnu/";
        return Stream.of(
                Arguments.of("libc.so.6", Path.of(lib + "libc.so.6")),
                Arguments.of("libz.so.1", Path.of(lib + "libz.so.1")),
                Arguments.of("libcrypto.so.3", Path.of(lib + "libcrypto.so.3")),
                Arguments.of("libstdc++.so.6", Path.of(lib + "libstdc++.so.6")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void agreesWithObjdump(String name, Path file) throws Exception {
        assumeTrue(ObjdumpListing.available(file), "objdump or " + file + " is absent");
        ElfFile elf = ElfFile.read(file);
        List<ElfFile.Section> code = elf.sections().stream().filter(ElfFile.Section::executable)
                .filter(ElfFile.Section::hasFileBytes).toList();
        List<byte[]> bytes = code.stream().map(elf::bytes).toList();
        long[] counts = new long[3];
        Map<String, Long> fallbackByMnemonic = new TreeMap<>();
        Map<String, List<String>> mismatches = new TreeMap<>();
        List<String> fallbackExamples = new java.util.ArrayList<>();
        ObjdumpListing.stream(file, line -> {
            if (!line.decodedByObjdump()) {
                return;
            }
            for (int i = 0; i < code.size(); i++) {
                ElfFile.Section section = code.get(i);
                long offset = line.address() - section.address();
                if (offset >= 0 && offset < section.size()) {
                    Instruction insn = X86Decoder.decode(bytes.get(i), (int) offset, (int) (section.size() - offset),
                            line.address());
                    var ours = IntelSyntax.exact(insn);
                    if (ours.isEmpty()) {
                        counts[1]++;
                        if (fallbackByMnemonic.merge(line.mnemonic(), 1L, Long::sum) == 1) {
                            fallbackExamples.add(line.hexBytes() + " = " + line.text());
                        }
                    } else if (normalise(ours.get()).equals(normaliseObjdump(line.text()))) {
                        counts[0]++;
                    } else {
                        counts[2]++;
                        mismatches.computeIfAbsent(line.mnemonic(), k -> new java.util.ArrayList<>());
                        List<String> examples = mismatches.get(line.mnemonic());
                        if (examples.size() < 3) {
                            examples.add(line.hexBytes() + ": ours \"" + normalise(ours.get()) + "\" objdump \""
                                    + normaliseObjdump(line.text()) + "\"");
                        }
                    }
                    return;
                }
            }
        });
        long total = counts[0] + counts[1] + counts[2];
        String topFallbacks = fallbackByMnemonic.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(25).map(en -> en.getKey() + " " + en.getValue()).collect(Collectors.joining(", "));
        String report = String.format("%s: %d instructions, %.3f%% exact, %.3f%% mnemonic and bytes, %.3f%% different%n"
                        + "  printed as bytes, most frequent: %s%n  different: %s", name, total, 100.0 * counts[0] / total,
                100.0 * counts[1] / total, 100.0 * counts[2] / total, topFallbacks,
                mismatches.entrySet().stream().map(en -> en.getKey() + " " + en.getValue()).collect(Collectors.joining("\n    ")));
        System.out.println(report + "\n  first of each printed as bytes:\n    " + String.join("\n    ",
                fallbackExamples.subList(0, Math.min(40, fallbackExamples.size()))));
        assertThat(counts[2]).as(report).isZero();
    }

    private static String normalise(String text) {
        int comment = text.indexOf(" #");
        return (comment >= 0 ? text.substring(0, comment) : text).strip();
    }

    static String normaliseObjdump(String text) {
        String body = text;
        int comment = body.indexOf(" #");
        if (comment >= 0) {
            body = body.substring(0, comment);
        }
        body = body.replaceAll(" ?<[^>]*>", "").strip().toLowerCase(Locale.ROOT).replace(",", ", ");
        var branch = BRANCH.matcher(body);
        return branch.matches() ? branch.group(1) + " 0x" + branch.group(2) : body;
    }
}
