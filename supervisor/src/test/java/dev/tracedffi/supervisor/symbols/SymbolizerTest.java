package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.linux.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The symbolizer against real files mapped into this JVM (and one child process): it names symbols
 * in the file that is mapped, and when the path in the memory map no longer leads there (deleted,
 * replaced, a FIFO, a device, a huge file) it gives an address without a symbol, at once. Each case
 * runs both ways of finding the file: through {@code /proc/<pid>/map_files} and through the path.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SymbolizerTest {

    private static final Path LIBZ = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final String FUNCTION = "crc32_z";
    private static final int O_RDWR = 2;

    private static long functionOffset;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long pid = ProcessHandle.current().pid();

    @BeforeAll
    static void findTheFunction() throws IOException {
        assumeTrue(Files.isReadable(LIBZ) && Files.isReadable(LIBC), "libz.so.1 or libc.so.6 is absent");
        functionOffset = fileOffsetOf(ElfFile.read(LIBZ), FUNCTION);
    }

    private static Symbolizer symbolizer(boolean mapFiles) {
        return new Symbolizer(new MappedFiles(mapFiles), new ElfCache(ElfCache.MAX_ENTRIES, ElfCache.MAX_BYTES));
    }

    private String symbolize(boolean mapFiles, long address) {
        return symbolizer(mapFiles).symbolize(ProcMaps.of(pid), address);
    }

    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void namesTheFunctionOfAMappedLibrary(boolean mapFiles, @TempDir Path dir) throws IOException {
        Path library = copyOfLibz(dir);
        try (Region region = Region.map(library, Files.size(library), Syscalls.MAP_PRIVATE)) {
            assertThat(symbolize(mapFiles, region.address() + functionOffset)).isEqualTo("libcopy.so!crc32_z+0x0");
            assertThat(symbolize(mapFiles, region.address() + functionOffset + 5)).isEqualTo("libcopy.so!crc32_z+0x5");
        }
    }

    /** With CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE (root here) map_files is followed; elsewhere only paths are. */
    @Test
    void mapFilesIsFollowedWithTheCapabilityForIt() throws IOException {
        long capabilities = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:")).map(line -> Long.parseUnsignedLong(line.substring(7).trim(), 16))
                .findFirst().orElse(0L);
        assumeTrue((capabilities & (1L << 21 | 1L << 40)) != 0, "no CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE");
        Mapping libc = ProcMaps.of(pid).mappings().stream().filter(m -> m.path().equals(LIBC.toString())
                || m.path().endsWith("/libc.so.6")).findFirst().orElseThrow();
        assertThat(new MappedFiles(true).locate(ProcMaps.of(pid), libc)).hasValueSatisfying(
                file -> assertThat(file.throughMapFiles()).isTrue());
    }

    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void aDeletedLibraryIsReadOnlyThroughMapFiles(boolean mapFiles, @TempDir Path dir) throws IOException {
        Path library = copyOfLibz(dir);
        try (Region region = Region.map(library, Files.size(library), Syscalls.MAP_PRIVATE)) {
            Files.delete(library);
            assertThat(symbolize(mapFiles, region.address() + functionOffset)).isEqualTo(mapFiles
                    ? "libcopy.so (deleted)!crc32_z+0x0" : "libcopy.so (deleted)+0x" + Long.toHexString(functionOffset));
        }
    }

    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void aFifoRenamedOverTheLibraryIsNeverOpened(boolean mapFiles, @TempDir Path dir) throws Exception {
        Path library = copyOfLibz(dir);
        try (Region region = Region.map(library, Files.size(library), Syscalls.MAP_PRIVATE)) {
            Path fifo = mkfifo(dir.resolve("fifo"));
            Files.move(fifo, library, StandardCopyOption.REPLACE_EXISTING);
            assertThat(symbolize(mapFiles, region.address() + functionOffset)).isEqualTo(mapFiles
                    ? "libcopy.so (deleted)!crc32_z+0x0" : "libcopy.so (deleted)+0x" + Long.toHexString(functionOffset));
        }
    }

    /** The file checked, then swapped for a FIFO before it is opened: the open does not block, and is refused. */
    @Test
    void aFifoSwappedInAfterTheCheckDoesNotBlock(@TempDir Path dir) throws Exception {
        Path library = copyOfLibz(dir);
        try (Region region = Region.map(library, Files.size(library), Syscalls.MAP_PRIVATE)) {
            Mapping mapping = ProcMaps.of(pid).find(region.address()).orElseThrow();
            MappedFiles files = new MappedFiles(false);
            MappedFiles.Located checked = files.locate(ProcMaps.of(pid), mapping).orElseThrow();
            Files.move(mkfifo(dir.resolve("fifo")), library, StandardCopyOption.REPLACE_EXISTING);

            assertThatThrownBy(() -> files.readElf(checked)).hasMessageContaining("changed between its check and its opening");
        }
    }

    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void aLibraryReplacedByAnotherFileGivesNoSymbol(boolean mapFiles, @TempDir Path dir) throws IOException {
        Path library = copyOfLibz(dir);
        try (Region region = Region.map(library, Files.size(library), Syscalls.MAP_PRIVATE)) {
            Path other = Files.copy(LIBC, dir.resolve("other.so"));
            Files.move(other, library, StandardCopyOption.REPLACE_EXISTING);
            // through the path: another inode there, so libc's symbols are not taken for libz's
            assertThat(symbolize(mapFiles, region.address() + functionOffset)).isEqualTo(mapFiles
                    ? "libcopy.so (deleted)!crc32_z+0x0" : "libcopy.so (deleted)+0x" + Long.toHexString(functionOffset));
        }
    }

    /** A shared mapping of /dev/zero is a deleted shmem file named "/dev/zero (deleted)": the device itself never ends. */
    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void devZeroIsNotRead(boolean mapFiles) {
        try (Region region = Region.map(Path.of("/dev/zero"), 1 << 16, Syscalls.MAP_SHARED)) {
            assertThat(ProcMaps.of(pid).find(region.address()).orElseThrow().path()).isEqualTo("/dev/zero (deleted)");
            long before = threads.getCurrentThreadAllocatedBytes();

            assertThat(symbolize(mapFiles, region.address() + 0x123)).isEqualTo("zero (deleted)+0x123");
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4 << 20);
        }
    }

    /** A 64 GiB sparse file that starts like libz: above the size limit, so it is not read at all. */
    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void aHugeFileIsNotRead(boolean mapFiles, @TempDir Path dir) throws IOException {
        Path huge = copyOfLibz(dir);
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(64L << 30);
        }
        try (Region region = Region.map(huge, 1 << 20, Syscalls.MAP_PRIVATE)) {
            long before = threads.getCurrentThreadAllocatedBytes();

            assertThat(symbolize(mapFiles, region.address() + functionOffset))
                    .isEqualTo("libcopy.so+0x" + Long.toHexString(functionOffset));
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4 << 20);
        }
    }

    /** Another process: its libc, found through its own map (and its map_files), names its functions. */
    @ParameterizedTest(name = "map_files {0}")
    @ValueSource(booleans = {true, false})
    void namesAFunctionInAnotherProcess(boolean mapFiles) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ProcMaps maps = awaitLibc(sleeper.pid());
            Mapping code = maps.mappings().stream().filter(m -> m.path().endsWith("/libc.so.6") && m.executable())
                    .findFirst().orElseThrow();
            long offset = fileOffsetOf(ElfFile.read(Path.of(code.path())), "clock_nanosleep");
            long address = code.start() + offset - code.offset();

            assertThat(symbolizer(mapFiles).symbolize(maps, address)).isEqualTo("libc.so.6!clock_nanosleep+0x0");
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor();
        }
    }

    @Test
    void parsesDeviceAndInodeAsStatReportsThem() throws IOException {
        Mapping line = ProcMaps.parse(1, List.of("7f12a000-7f12b000 r-xp 00002000 fd:01 123456   /usr/lib/libz.so.1"))
                .mappings().get(0);
        assertThat(line.device()).isEqualTo((0xfdL << 8) | 1);
        assertThat(line.inode()).isEqualTo(123456);

        Mapping libc = ProcMaps.of(pid).mappings().stream().filter(m -> m.path().endsWith("/libc.so.6"))
                .findFirst().orElseThrow();
        var stat = Files.readAttributes(Path.of(libc.path()), "unix:dev,ino");
        assertThat(libc.device()).isEqualTo(stat.get("dev"));
        assertThat(libc.inode()).isEqualTo(stat.get("ino"));
    }

    private static ProcMaps awaitLibc(long pid) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            ProcMaps maps = ProcMaps.of(pid);
            if (maps.mappings().stream().anyMatch(m -> m.path().endsWith("/libc.so.6") && m.executable())) {
                return maps;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + pid + " never mapped libc");
    }

    private static Path copyOfLibz(Path dir) throws IOException {
        return Files.copy(LIBZ, dir.resolve("libcopy.so"));
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }

    /** Where {@code function}'s first instruction lies in the file. */
    private static long fileOffsetOf(ElfFile elf, String function) {
        long vaddr = elf.symbols().stream().filter(s -> s.name().equals(function)).findFirst().orElseThrow().value();
        ElfFile.LoadSegment segment = elf.loadSegments().stream()
                .filter(s -> vaddr >= s.vaddr() && vaddr < s.vaddr() + s.fileSize()).findFirst().orElseThrow();
        return vaddr - segment.vaddr() + segment.offset();
    }

    /** A file mapped into this JVM from offset 0, unmapped on close. */
    private record Region(long address, long length) implements AutoCloseable {

        static Region map(Path file, long length, int flags) {
            Syscalls sys = Syscalls.get();
            int fd = sys.libc().open(file.toString(), O_RDWR);
            assertThat(fd).as("open %s", file).isNotNegative();
            try {
                int prot = Syscalls.PROT_READ | (flags == Syscalls.MAP_SHARED ? Syscalls.PROT_WRITE : 0);
                return new Region(sys.mmap(0, length, prot, flags, fd, 0), length);
            } finally {
                sys.libc().close(fd);
            }
        }

        @Override
        public void close() {
            Syscalls.get().munmap(address, length);
        }
    }
}
