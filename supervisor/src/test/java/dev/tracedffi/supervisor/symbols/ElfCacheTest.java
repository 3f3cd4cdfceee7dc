package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.supervisor.elf.ElfFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cache of parsed files stays within its count and byte bounds, dropping the least recently used first. */
class ElfCacheTest {

    private static final Path LIBZ = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
    private static ElfFile libz;

    private final AtomicInteger loads = new AtomicInteger();

    @BeforeAll
    static void parseLibz() throws IOException {
        assumeTrue(Files.isReadable(LIBZ), "libz.so.1 is absent");
        libz = ElfFile.read(LIBZ);
    }

    private static FileKey key(long inode, long size) {
        return new FileKey(1, inode, size, FileTime.fromMillis(0));
    }

    private Optional<ElfFile> get(ElfCache cache, FileKey key) throws IOException {
        return cache.get(key, () -> {
            loads.incrementAndGet();
            return Optional.of(libz);
        });
    }

    @Test
    void keepsAtMostItsCountDroppingTheLeastRecentlyUsed() throws IOException {
        ElfCache cache = new ElfCache(3, Long.MAX_VALUE);
        get(cache, key(1, 10));
        get(cache, key(2, 10));
        get(cache, key(3, 10));
        get(cache, key(1, 10)); // 1 is now the most recently used: 2 goes first
        get(cache, key(4, 10));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(loads).hasValue(4);
        get(cache, key(1, 10));
        get(cache, key(3, 10));
        assertThat(loads).as("1 and 3 stayed").hasValue(4);
        get(cache, key(2, 10));
        assertThat(loads).as("2 was dropped").hasValue(5);
    }

    @Test
    void keepsAtMostItsBytes() throws IOException {
        ElfCache cache = new ElfCache(100, 1000);
        get(cache, key(1, 400));
        get(cache, key(2, 400));
        get(cache, key(3, 400));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.bytes()).isEqualTo(800);
    }

    @Test
    void remembersAFileWithoutSymbolsAtNoWeightButNotAFailedRead() throws IOException {
        ElfCache cache = new ElfCache(100, 1000);
        assertThat(cache.get(key(1, 5000), Optional::empty)).isEmpty();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isZero();

        assertThatThrownBy(() -> cache.get(key(2, 10), () -> {
            throw new IOException("swapped");
        })).hasMessage("swapped");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(get(cache, key(2, 10))).contains(libz);
    }
}
