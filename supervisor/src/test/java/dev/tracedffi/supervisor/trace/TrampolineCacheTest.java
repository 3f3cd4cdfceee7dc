package dev.tracedffi.supervisor.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrampolineCacheTest {

    private static final long SCRATCH = 0x7f00_0000_0000L;
    private static final long DELTA = 1L << 30;
    private static final byte[] MOV = {(byte) 0x89, 0x08};

    @Test
    void hitOnlyWhileTheInstructionBytesAreTheSame() {
        TrampolineCache cache = new TrampolineCache();
        cache.beginCall(SCRATCH, DELTA);
        TrampolineCache.Key key = new TrampolineCache.Key(0x1234, 0);
        long address = cache.nextAddress().orElseThrow();
        cache.store(key, MOV);

        assertThat(cache.find(key, MOV).address()).isEqualTo(address);
        assertThat(cache.find(key, new byte[] {(byte) 0x8b, 0x08})).as("JIT code replaced at the same rip").isNull();
        assertThat(cache.at(address).key()).isEqualTo(key);
        assertThat(cache.at(address + 1)).isNull();
        assertThat(cache.inTrampolineArea(address + 1)).isTrue();
        assertThat(cache.inTrampolineArea(SCRATCH)).as("the syscall gadget").isFalse();
    }

    @Test
    void aSlotWrittenOrUsedInThisCallIsNeverRewrittenInIt() {
        TrampolineCache cache = new TrampolineCache();
        cache.beginCall(SCRATCH, DELTA);
        long first = cache.nextAddress().orElseThrow();
        for (int i = 0; i < TrampolineCache.SLOTS; i++) {
            cache.nextAddress().orElseThrow();
            cache.store(new TrampolineCache.Key(i, 0), MOV);
        }
        assertThat(cache.nextAddress()).as("every slot belongs to this call").isEmpty();

        cache.beginCall(SCRATCH, DELTA);
        assertThat(cache.find(new TrampolineCache.Key(0, 0), MOV)).as("used again in the next call").isNotNull();
        long reused = cache.nextAddress().orElseThrow();
        assertThat(reused).as("the oldest slot not used in this call").isEqualTo(first + TrampolineCache.SLOT_SIZE);
        cache.store(new TrampolineCache.Key(-1, 0), MOV);
        assertThat(cache.find(new TrampolineCache.Key(1, 0), MOV)).isNull();
        assertThat(cache.find(new TrampolineCache.Key(0, 0), MOV)).isNotNull();
        assertThat(cache.at(reused).key().rip()).isEqualTo(-1);
    }

    @Test
    void anotherScratchAreaOrDeltaForgetsEverything() {
        TrampolineCache cache = new TrampolineCache();
        cache.beginCall(SCRATCH, DELTA);
        TrampolineCache.Key key = new TrampolineCache.Key(0x1234, 0);
        cache.nextAddress().orElseThrow();
        cache.store(key, MOV);
        cache.beginCall(SCRATCH, DELTA);
        assertThat(cache.find(key, MOV)).isNotNull();
        cache.beginCall(SCRATCH + 4096, DELTA);
        assertThat(cache.find(key, MOV)).isNull();
    }
}
