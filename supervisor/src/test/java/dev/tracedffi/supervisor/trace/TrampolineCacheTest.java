package dev.tracedffi.supervisor.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrampolineCacheTest {

    private static final long PAGE = 0x7f00_0000_0000L;
    private static final byte[] MOV = {(byte) 0x89, 0x08};

    @Test
    void hitOnlyWhileTheInstructionBytesAreTheSame() {
        TrampolineCache cache = new TrampolineCache();
        cache.use(PAGE, 4096, 1L << 30);
        TrampolineCache.Key key = new TrampolineCache.Key(0x1234, 0);
        long address = cache.nextAddress();
        cache.store(key, MOV);

        assertThat(cache.find(key, MOV).address()).isEqualTo(address);
        assertThat(cache.find(key, new byte[] {(byte) 0x8b, 0x08})).as("JIT code replaced at the same rip").isNull();
        assertThat(cache.at(address).key()).isEqualTo(key);
        assertThat(cache.at(address + 1)).isNull();
    }

    @Test
    void fullPageReusesTheOldestSlot() {
        TrampolineCache cache = new TrampolineCache();
        cache.use(PAGE, 4096, 1L << 30);
        int slots = (4096 - TrampolineCache.FIRST_SLOT) / TrampolineCache.SLOT_SIZE;
        long first = cache.nextAddress();
        for (int i = 0; i < slots; i++) {
            cache.store(new TrampolineCache.Key(i, 0), MOV);
        }
        assertThat(cache.nextAddress()).isEqualTo(first);
        cache.store(new TrampolineCache.Key(slots, 0), MOV);

        assertThat(cache.find(new TrampolineCache.Key(0, 0), MOV)).isNull();
        assertThat(cache.find(new TrampolineCache.Key(1, 0), MOV)).isNotNull();
        assertThat(cache.at(first).key().rip()).isEqualTo(slots);
    }

    @Test
    void anotherGadgetPageOrDeltaForgetsEverything() {
        TrampolineCache cache = new TrampolineCache();
        cache.use(PAGE, 4096, 1L << 30);
        TrampolineCache.Key key = new TrampolineCache.Key(0x1234, 0);
        cache.store(key, MOV);
        cache.use(PAGE, 4096, 1L << 30);
        assertThat(cache.find(key, MOV)).isNotNull();
        cache.use(PAGE + 4096, 4096, 1L << 30);
        assertThat(cache.find(key, MOV)).isNull();
    }
}
