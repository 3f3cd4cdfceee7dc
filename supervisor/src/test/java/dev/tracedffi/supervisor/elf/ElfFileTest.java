package dev.tracedffi.supervisor.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElfFileTest {

    private static final Path LIBZ = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
    private static byte[] libz;

    @BeforeAll
    static void readLibz() throws IOException {
        assumeTrue(Files.isReadable(LIBZ), "libz.so.1 is absent");
        libz = Files.readAllBytes(LIBZ);
    }

    @Test
    void readsSectionsSegmentsAndSymbols() throws IOException {
        ElfFile elf = ElfFile.read(LIBZ);
        ElfFile.Section text = elf.section(".text").orElseThrow();
        assertThat(text.executable()).isTrue();
        assertThat(text.size()).isPositive();
        assertThat(elf.loadSegments()).anySatisfy(s -> assertThat(s.executable()).isTrue());
        assertThat(elf.symbols()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("crc32_z");
            assertThat(s.type()).isEqualTo(ElfFile.SymbolType.FUNC);
        });
        assertThat(elf.symbols()).isSortedAccordingTo((a, b) -> Long.compare(a.value(), b.value()));
    }

    @Test
    void symbolizesAsNameAndOffset() throws IOException {
        ElfFile elf = ElfFile.read(LIBZ);
        ElfFile.Symbol crc = elf.symbols().stream().filter(s -> s.name().equals("crc32_z")).findFirst().orElseThrow();
        assertThat(elf.symbolize(crc.value() + 0x4c)).hasValueSatisfying(
                s -> assertThat(s.toString()).isEqualTo("crc32_z+0x4c"));
        assertThat(elf.symbolize(crc.value())).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo("crc32_z"));
        assertThat(elf.symbolize(0)).isEmpty();
    }

    @Test
    void mapsFileOffsetsThroughLoadSegments() throws IOException {
        ElfFile elf = ElfFile.read(LIBZ);
        ElfFile.Section text = elf.section(".text").orElseThrow();
        assertThat(elf.fileOffsetToVaddr(text.offset() + 16)).isEqualTo(text.address() + 16);
        assertThat(elf.fileOffsetToVaddr(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void rejectsWhatIsNotElf64LittleEndian() {
        assertThatThrownBy(() -> ElfFile.parse(Path.of("x"), new byte[10])).isInstanceOf(IOException.class)
                .hasMessageContaining("shorter than");
        byte[] notElf = libz.clone();
        notElf[1] = 'X';
        assertThatThrownBy(() -> ElfFile.parse(Path.of("x"), notElf)).hasMessageContaining("no ELF magic");
        byte[] elf32 = libz.clone();
        elf32[4] = 1;
        assertThatThrownBy(() -> ElfFile.parse(Path.of("x"), elf32)).hasMessageContaining("not ELF64");
    }

    @Test
    void truncatedFilesFailWithIoException() {
        assertThatThrownBy(() -> ElfFile.parse(Path.of("x"), Arrays.copyOf(libz, libz.length / 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
    }

    @Test
    void corruptedHeadersNeverEscapeAsIndexExceptions() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] corrupt = libz.clone();
            for (int i = 0; i < 4; i++) {
                // aim at the ELF header, program headers and the section header table
                int at = random.nextBoolean() ? random.nextInt(0x300) : corrupt.length - 1 - random.nextInt(0x800);
                corrupt[at] = (byte) random.nextInt(256);
            }
            try {
                ElfFile.parse(Path.of("x"), corrupt);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).startsWith("malformed ELF file");
            }
        }
    }
}
