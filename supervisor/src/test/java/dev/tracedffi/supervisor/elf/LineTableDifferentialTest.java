package dev.tracedffi.supervisor.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Looks up the source line of addresses across whole libraries and compares with binutils' addr2line:
 * the test library as the pom builds it (DWARF 5), rebuilt as DWARF 4 and with zlib-compressed debug
 * sections, and libc through its separate debug file when libc6-dbg is installed.
 */
class LineTableDifferentialTest {

    private static final Path ADDR2LINE = Path.of("/usr/bin/addr2line");
    private static final Path TRACEE_SOURCE = Path.of("src/test/c/tracee.c");
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @TempDir
    static Path builds;

    static Stream<Arguments> libraries() {
        return Stream.of(
                Arguments.of("libtracee.so (DWARF 5)", "pom", 1),
                Arguments.of("libtracee.so (DWARF 4)", "-gdwarf-4", 1),
                Arguments.of("libtracee.so (compressed)", "-gz=zlib", 1),
                Arguments.of("libc.so.6 (libc6-dbg)", "libc", 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void agreesWithAddr2line(String name, String variant, int stride) throws Exception {
        assumeTrue(Files.isExecutable(ADDR2LINE), "addr2line (binutils) is not installed");
        Path file = library(variant);
        ElfFile elf = ElfFile.read(file);
        SourceLines lines = new SourceLines();
        List<Long> addresses = new ArrayList<>();
        for (ElfFile.Section section : elf.sections()) {
            if (section.executable() && section.hasFileBytes()) {
                for (long a = section.address(); a < section.address() + section.size(); a += stride) {
                    addresses.add(a);
                }
            }
        }
        List<String> theirs = addr2line(file, addresses);
        long started = System.nanoTime();
        List<Optional<SourceLocation>> ours = addresses.stream().map(a -> lines.locate(file.toString(), a)).toList();
        long elapsed = System.nanoTime() - started;
        int located = 0;
        int sameLine = 0;
        int sameFile = 0;
        int doubledDirectory = 0;
        int relative = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            String expected = theirs.get(i).replaceAll(" \\(discriminator \\d+\\)$", "");
            // "??:0", ":?", "crtstuff.c:?": addr2line knows no line there
            Optional<String[]> fileAndLine = expected.matches(".*:[0-9]+") && !expected.endsWith(":0")
                    ? Optional.of(new String[] {expected.substring(0, expected.lastIndexOf(':')),
                            expected.substring(expected.lastIndexOf(':') + 1)})
                    : Optional.empty();
            Optional<SourceLocation> actual = ours.get(i);
            if (actual.isPresent()) {
                located++;
            }
            boolean lineAgrees = fileAndLine.isEmpty() ? actual.isEmpty()
                    : actual.isPresent() && Integer.toString(actual.get().line()).equals(fileAndLine.get()[1]);
            if (!lineAgrees) {
                if (differences.size() < 10) {
                    differences.add(String.format("0x%x ours %s, addr2line %s", addresses.get(i),
                            actual.map(SourceLocation::toString).orElse("??"), expected));
                }
                continue;
            }
            sameLine++;
            if (actual.isEmpty() || actual.get().file().equals(fileAndLine.get()[0])) {
                sameFile++;
            } else if (doubledCompilationDirectory(fileAndLine.get()[0], actual.get().file())) {
                sameFile++;
                doubledDirectory++;
            } else if (name.contains("DWARF 4") && fileAndLine.get()[0].endsWith("/" + actual.get().file())) {
                // DWARF 4 keeps the compilation directory in .debug_info, not in the line table
                sameFile++;
                relative++;
            }
        }
        double linePercent = 100.0 * sameLine / addresses.size();
        double filePercent = 100.0 * sameFile / addresses.size();
        System.out.printf("%s: %d addresses, %d with a line; line agrees with addr2line for %.3f%%, file and line"
                        + " for %.3f%% (%d after undoing its doubled compilation directory, %d relative to the compilation"
                        + " directory); reading the table and"
                        + " the lookups took %d ms%n%s%n", name, addresses.size(), located, linePercent, filePercent,
                doubledDirectory, relative, TimeUnit.NANOSECONDS.toMillis(elapsed), String.join("\n", differences));
        assertThat(located).as("addresses with a source line").isGreaterThan(addresses.size() / 3);
        assertThat(linePercent).as("line agreement with addr2line\n" + String.join("\n", differences)).isEqualTo(100.0);
        // addr2line names the file of the enclosing function for some inlined code (gdb and we name the line table's)
        assertThat(filePercent).as("file agreement").isGreaterThanOrEqualTo(name.startsWith("libc") ? 94.5 : 100.0);
    }

    /**
     * binutils prefixes a relative DWARF 5 directory 0 with DW_AT_comp_dir, which is that same directory
     * ({@code ./csu/./csu/init-first.c} in glibc); DWARF 5 says entry 0 is the compilation directory,
     * and gdb prints {@code ./csu/init-first.c} as we do.
     */
    private static boolean doubledCompilationDirectory(String addr2line, String ours) {
        int slash = ours.lastIndexOf('/');
        return !ours.startsWith("/") && slash > 0 && addr2line.equals(ours.substring(0, slash) + "/" + ours);
    }

    private static Path library(String variant) throws IOException, InterruptedException {
        switch (variant) {
            case "pom" -> {
                String built = System.getProperty("tracedffi.test.library");
                assumeTrue(built != null && Files.isReadable(Path.of(built)), "libtracee.so was not built");
                return Path.of(built);
            }
            case "libc" -> {
                assumeTrue(Files.isReadable(LIBC), "no libc.so.6");
                ElfFile libc = ElfFile.read(LIBC);
                assumeTrue(DebugFiles.system().find(libc).isPresent(), "libc6-dbg is not installed");
                return LIBC;
            }
            default -> {
                assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
                Path out = builds.resolve("libtracee" + variant.replaceAll("[^a-z0-9]", "") + ".so");
                Process gcc = new ProcessBuilder("gcc", "-O1", "-g", variant, "-shared", "-fPIC", "-pthread", "-o",
                        out.toString(), TRACEE_SOURCE.toString()).redirectErrorStream(true).start();
                String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(gcc.waitFor()).as(output).isZero();
                return out;
            }
        }
    }

    private static List<String> addr2line(Path file, List<Long> addresses) throws IOException, InterruptedException {
        Path input = Files.createTempFile(builds, "addresses", ".txt");
        Files.write(input, addresses.stream().map(a -> "0x" + Long.toHexString(a)).toList());
        Process process = new ProcessBuilder(ADDR2LINE.toString(), "-e", file.toString())
                .redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> result = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertThat(result).hasSameSizeAs(addresses);
        return result;
    }
}
