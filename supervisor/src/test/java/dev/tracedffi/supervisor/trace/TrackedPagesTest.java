package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrackedPagesTest {

    private static final long PAGE = 4096;
    private static final long BASE = 0x7f00_0000_0000L;
    /** Pages 0, 1, 2 and 5 of BASE, given unsorted and with a duplicate. */
    private final TrackedPages pages = new TrackedPages(List.of(BASE + 5 * PAGE, BASE, BASE + 2 * PAGE, BASE + PAGE, BASE),
            PAGE);

    @Test
    void containsEveryByteOfATrackedPageAndNoneOfTheGaps() {
        assertThat(pages.contains(BASE)).isTrue();
        assertThat(pages.contains(BASE + 3 * PAGE - 1)).isTrue();
        assertThat(pages.contains(BASE + 3 * PAGE)).isFalse();
        assertThat(pages.contains(BASE + 5 * PAGE + 17)).isTrue();
        assertThat(pages.contains(BASE - 1)).isFalse();
    }

    @Test
    void overlapsARangeThatStartsInAGapAndEndsInATrackedPage() {
        assertThat(pages.overlaps(new AccessRange(BASE + 4 * PAGE + 4000, 200))).isTrue();
        assertThat(pages.overlaps(new AccessRange(BASE + 3 * PAGE, 2 * PAGE))).isFalse();
        assertThat(pages.overlaps(new AccessRange(BASE, 0))).isFalse();
    }

    @Test
    void coversOnlyRangesWhosePagesAreAllTrackedAndContiguous() {
        assertThat(pages.covers(new AccessRange(BASE + 100, 2 * PAGE))).isTrue();
        assertThat(pages.covers(new AccessRange(BASE + 2 * PAGE, PAGE + 1))).isFalse();
        // first and last page tracked, a gap between them
        assertThat(pages.covers(new AccessRange(BASE + 2 * PAGE, 3 * PAGE + 1))).isFalse();
    }

    @Test
    void runsTouchedByARangeAreTheContiguousTrackedStretchesInsideIt() {
        assertThat(pages.runsTouchedBy(new AccessRange(BASE + 10, 6 * PAGE))).containsExactly(
                new AccessRange(BASE, 3 * PAGE), new AccessRange(BASE + 5 * PAGE, PAGE));
        assertThat(pages.runsTouchedBy(new AccessRange(BASE + 3 * PAGE, 100))).isEmpty();
    }

    @Test
    void mergeJoinsTouchingAndOverlappingRunsInAddressOrder() {
        List<AccessRange> merged = TrackedPages.merge(List.of(
                new AccessRange(BASE + 5 * PAGE, PAGE), new AccessRange(BASE, PAGE),
                new AccessRange(BASE + PAGE, 2 * PAGE), new AccessRange(BASE + 2 * PAGE, PAGE)));
        assertThat(merged).containsExactly(new AccessRange(BASE, 3 * PAGE), new AccessRange(BASE + 5 * PAGE, PAGE));
    }

    @Test
    void pageOfRoundsDown() {
        assertThat(pages.pageOf(BASE + PAGE + 4095)).isEqualTo(BASE + PAGE);
        assertThat(new TrackedPages(List.of(), PAGE).isEmpty()).isTrue();
    }
}
