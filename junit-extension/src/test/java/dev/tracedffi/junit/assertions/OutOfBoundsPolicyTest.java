package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.tracedffi.junit.assertions.Arena.DST;
import static dev.tracedffi.junit.assertions.Arena.OLD;
import static dev.tracedffi.junit.assertions.Arena.PAGE;
import static dev.tracedffi.junit.assertions.Arena.SRC;
import static dev.tracedffi.junit.assertions.Arena.events;
import static dev.tracedffi.junit.assertions.Arena.maybeWrite;
import static dev.tracedffi.junit.assertions.Arena.read;
import static dev.tracedffi.junit.assertions.Arena.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class OutOfBoundsPolicyTest {

    /** 4 bytes ending 4 bytes before the end of the first page, as a short string near a page end. */
    private static final AllocationInfo TAIL = new AllocationInfo("tail", new AccessRange(PAGE + 4088, 4), false);

    /** 100 bytes at offset 4032 of the second page: occupies the second and third pages. */
    private static final AllocationInfo STR = new AllocationInfo("str", new AccessRange(PAGE + 4096 + 4032, 100), false);

    private static final List<AllocationInfo> ALLOCATIONS = List.of(DST, SRC, OLD, TAIL, STR);

    private final OutOfBoundsPolicy policy = new OutOfBoundsPolicy(ALLOCATIONS);

    static Stream<Arguments> violations() {
        return Stream.of(
                arguments("off by one right", write(DST, 16, 17, 1),
                        "dst[16, 17) is 1 byte right of the 16-byte buffer `dst`"),
                arguments("further right", read(DST, 20, 24, 1),
                        "dst[20, 24) is 5 bytes right of the 16-byte buffer `dst`"),
                arguments("left underflow", read(SRC, -3, -2, 1),
                        "src[-3, -2) is 3 bytes left of the 32-byte buffer `src`"),
                arguments("partial overflow", write(DST, 14, 18, 1),
                        "dst[14, 18) overflows the 16-byte buffer `dst` by 2 bytes"),
                arguments("partial underflow", read(SRC, -1, 3, 1),
                        "src[-1, 3) underflows the 32-byte buffer `src` by 1 byte"),
                arguments("next to a freed buffer", read(OLD, 16, 20, 1),
                        "old[16, 20) is 1 byte right of the freed 16-byte buffer `old`"),
                arguments("write in a redzone, vector sized and aligned", write(SRC, 0, 64, 1),
                        "src[0, 64) overflows the 32-byte buffer `src` by 32 bytes"),
                arguments("write in a redzone, masked", maybeWrite(DST, 0, 32, 1),
                        "dst[0, 32) overflows the 16-byte buffer `dst` by 16 bytes"),
                arguments("an 8-byte word is not vector sized", read(SRC, 28, 36, 1),
                        "src[28, 36) overflows the 32-byte buffer `src` by 4 bytes"),
                arguments("a 16-byte read a whole vector past the end of a buffer", read(SRC, 48, 64, 1),
                        "src[48, 64) is 17 bytes right of the 32-byte buffer `src`"),
                arguments("memcmp-style unaligned read crossing into a page the buffer does not occupy",
                        read(TAIL, 0, 32, 1),
                        "tail[0, 32) overflows the 4-byte buffer `tail` by 28 bytes"),
                arguments("vector read touching no live buffer", read(OLD, 32, 64, 1),
                        "old[32, 64) is 17 bytes right of the freed 16-byte buffer `old`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void violations(String what, AccessEvent event, String position) {
        assertThat(policy.judge(event)).isInstanceOfSatisfying(Violation.class, v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.OUT_OF_BOUNDS);
            assertThat(v.position()).isEqualTo(position);
        });
    }

    static Stream<Arguments> usesAfterFree() {
        return Stream.of(
                arguments(read(OLD, 0, 4, 1), "old[0, 4) is inside the freed 16-byte buffer `old` (use after free)"),
                arguments(write(OLD, 12, 20, 1), "old[12, 20) is inside the freed 16-byte buffer `old` (use after free)"),
                arguments(read(OLD, 0, 16, 1), "old[0, 16) is inside the freed 16-byte buffer `old` (use after free)"));
    }

    @ParameterizedTest
    @MethodSource
    void usesAfterFree(AccessEvent event, String position) {
        assertThat(policy.judge(event)).isInstanceOfSatisfying(Violation.class, v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.USE_AFTER_FREE);
            assertThat(v.position()).isEqualTo(position);
        });
    }

    static Stream<Arguments> benignOverReads() {
        return Stream.of(
                arguments("strlen: aligned 32-byte block past the NUL", read(STR, 96, 128, 1),
                        STR, BenignOverRead.Rule.ALIGNED_BLOCK),
                arguments("strlen: aligned 32-byte block before a string near a page end", read(TAIL, -24, 8, 1),
                        TAIL, BenignOverRead.Rule.ALIGNED_BLOCK),
                arguments("aligned 64-byte block", read(DST, 0, 64, 1), DST, BenignOverRead.Rule.ALIGNED_BLOCK),
                arguments("aligned 16-byte block", read(STR, 96, 112, 1), STR, BenignOverRead.Rule.ALIGNED_BLOCK),
                arguments("unaligned 16 bytes past the end within the buffer's pages", read(SRC, 24, 40, 1),
                        SRC, BenignOverRead.Rule.WITHIN_BUFFER_PAGES),
                arguments("memcmp: unaligned 32 bytes within the buffer's page", read(DST, 1, 33, 1),
                        DST, BenignOverRead.Rule.WITHIN_BUFFER_PAGES),
                arguments("memcmp: unaligned 16 bytes before the buffer", read(SRC, -15, 1, 1),
                        SRC, BenignOverRead.Rule.WITHIN_BUFFER_PAGES),
                arguments("strncpy: the unaligned vector after the one holding the NUL", read(STR, 105, 137, 1),
                        STR, BenignOverRead.Rule.NEXT_VECTOR),
                arguments("the aligned 16-byte block right after a buffer", read(SRC, 32, 48, 1),
                        SRC, BenignOverRead.Rule.NEXT_VECTOR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void benignOverReads(String what, AccessEvent event, AllocationInfo buffer, BenignOverRead.Rule rule) {
        assertThat(policy.judge(event)).isEqualTo(new BenignOverRead((AccessEvent.Read) event, buffer, rule));
    }

    @Test
    void aVectorReadFartherThanOneVectorPastABufferIsAViolation() {
        assertThat(policy.judge(read(STR, 140, 172, 1))).isInstanceOf(Violation.class);
    }

    @Test
    void accessesInsideLiveBuffersAreInBounds() {
        for (AccessEvent event : List.of(read(DST, 0, 16, 1), write(SRC, 31, 32, 1), read(DST, 0, 0, 1))) {
            assertThat(policy.judge(event)).isEqualTo(new AccessVerdict.InBounds(event));
        }
    }

    @Test
    void staticShortcutsKeepTheOrderOfEvents() {
        var events = events(write(DST, 16, 17, 1), read(DST, 0, 64, 2), read(OLD, 0, 1, 3), read(SRC, -1, 0, 4));
        assertThat(OutOfBoundsPolicy.violations(events, ALLOCATIONS))
                .extracting(v -> v.event().ip()).containsExactly(1L, 3L, 4L);
        assertThat(OutOfBoundsPolicy.benignOverReads(events, ALLOCATIONS))
                .extracting(v -> v.event().ip()).containsExactly(2L);
    }

    @Test
    void withoutBuffersEveryAccessIsWild() {
        AccessEvent event = new AccessEvent.Write(new AccessRange(0x1000, 4), true, 1);
        assertThat(new OutOfBoundsPolicy(List.of()).judge(event)).isInstanceOfSatisfying(Violation.class,
                v -> assertThat(v.position()).isEqualTo("[0x1000, 0x1004) is not near any buffer"));
    }
}
