package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.MemEvents;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;

import static dev.tracedffi.junit.assertions.Arena.DST;
import static dev.tracedffi.junit.assertions.Arena.OLD;
import static dev.tracedffi.junit.assertions.Arena.SRC;
import static dev.tracedffi.junit.assertions.Arena.STR;
import static dev.tracedffi.junit.assertions.Arena.events;
import static dev.tracedffi.junit.assertions.Arena.maybeWrite;
import static dev.tracedffi.junit.assertions.Arena.pointer;
import static dev.tracedffi.junit.assertions.Arena.read;
import static dev.tracedffi.junit.assertions.Arena.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemEventsAssertTest {

    private static MemEventsAssert check(MemEvents events) {
        return TracedFfiAssertions.assertThat(events, Arena.ALL).usingSymbolizer(Arena.SYMBOLS);
    }

    @Nested
    class Exactly {

        @Test
        void passesWhenTheBytesAreExactlyTheRange() {
            check(events(write(DST, 0, 8, 0x4), write(DST, 8, 16, 0x8), read(SRC, 0, 32, 0x2)))
                    .wroteExactly(pointer(DST), 0, 16)
                    .readExactly(pointer(SRC), 0, 32);
        }

        @Test
        void namesEachExtraRangeWithTheAccessThatMadeIt() {
            assertThatThrownBy(() -> check(events(write(DST, 0, 16, 0x8), write(DST, 16, 17, 0x12)))
                    .wroteExactly(pointer(DST), 0, 16))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("""
                            Expecting native code to have written exactly dst[0, 16)
                            but it wrote dst[0, 17):
                              extra: dst[16, 17)  WRITE of size 1 at libbuggy.so!fill+0x12""");
        }

        @Test
        void listsMissingRangesBeforeExtraOnes() {
            assertThatThrownBy(() -> check(events(read(SRC, -4, 4, 0x1), read(SRC, 8, 32, 0x2)))
                    .readExactly(pointer(SRC), 0, 32))
                    .hasMessage("""
                            Expecting native code to have read exactly src[0, 32)
                            but it read src[-4, 4), src[8, 32):
                              missing: src[4, 8)
                              extra: src[-4, 0)  READ of size 8 at libbuggy.so!fill+0x1""");
        }

        @Test
        void saysSoWhenNothingWasAccessed() {
            assertThatThrownBy(() -> check(events(read(DST, 0, 16, 0x1))).wroteExactly(pointer(DST), 0, 16))
                    .hasMessage("""
                            Expecting native code to have written exactly dst[0, 16)
                            but it wrote nothing in dst:
                              missing: dst[0, 16)""");
        }

        @Test
        void countsOffsetsFromAPointerIntoTheMiddleOfABuffer() {
            MemEvents events = events(write(SRC, 8, 12, 0x3));
            check(events).wroteExactly(pointer(SRC, 8), 0, 4);
            assertThatThrownBy(() -> check(events).wroteExactly(pointer(SRC, 8), 0, 2))
                    .hasMessage("""
                            Expecting native code to have written exactly src[8, 10)
                            but it wrote src[8, 12):
                              extra: src[10, 12)  WRITE of size 4 at libbuggy.so!fill+0x3""");
        }

        @Test
        void namesAFewAccessesPerRangeAndCountsTheRest() {
            assertThatThrownBy(() -> check(events(write(DST, 0, 16, 0x1), write(DST, 16, 17, 0x2),
                    write(DST, 16, 18, 0x3), write(DST, 17, 18, 0x4), write(DST, 16, 20, 0x5), write(DST, 19, 20, 0x6)))
                    .wroteExactly(pointer(DST), 0, 16))
                    .hasMessage("""
                            Expecting native code to have written exactly dst[0, 16)
                            but it wrote dst[0, 20):
                              extra: dst[16, 20)  WRITE of size 1 at libbuggy.so!fill+0x2
                                                  WRITE of size 2 at libbuggy.so!fill+0x3
                                                  WRITE of size 1 at libbuggy.so!fill+0x4
                                                  and 2 more accesses""");
        }

        @Test
        void marksWritesTheInstructionMayNotHaveMade() {
            assertThatThrownBy(() -> check(events(maybeWrite(DST, 0, 32, 0x7))).wroteExactly(pointer(DST), 0, 16))
                    .hasMessage("""
                            Expecting native code to have written exactly dst[0, 16)
                            but it wrote dst[0, 32):
                              extra: dst[16, 32)  possible WRITE of size 32 at libbuggy.so!fill+0x7""");
        }

        @Test
        void ignoresAccessesAttributedToOtherBuffers() {
            check(events(write(DST, 0, 16, 0x1), write(SRC, -8, 0, 0x2))).wroteExactly(pointer(DST), 0, 16);
        }
    }

    @Nested
    class AtLeast {

        @Test
        void passesWhenMoreWasAccessed() {
            check(events(read(SRC, 0, 32, 0x1), write(DST, -1, 17, 0x2)))
                    .read(pointer(SRC), 4, 8)
                    .wrote(pointer(DST), 0, 16);
        }

        @Test
        void listsTheMissingBytes() {
            assertThatThrownBy(() -> check(events(write(DST, 0, 8, 0x1))).wrote(pointer(DST), 0, 16))
                    .hasMessage("""
                            Expecting native code to have written at least dst[0, 16)
                            but it wrote dst[0, 8):
                              missing: dst[8, 16)""");
            assertThatThrownBy(() -> check(events(write(DST, 0, 8, 0x1))).read(pointer(DST), 0, 1))
                    .hasMessage("""
                            Expecting native code to have read at least dst[0, 1)
                            but it read nothing in dst:
                              missing: dst[0, 1)""");
        }
    }

    @Nested
    class DidNot {

        @Test
        void passesWhenTheBufferAndItsRedzonesWereNotAccessedThatWay() {
            check(events(read(DST, 0, 16, 0x1), write(SRC, 0, 32, 0x2)))
                    .didNotWrite(pointer(DST))
                    .didNotRead(pointer(SRC))
                    .didNotTouch(pointer(OLD));
        }

        @Test
        void listsWhatWasAccessedIncludingRedzones() {
            assertThatThrownBy(() -> check(events(write(SRC, -4, 0, 0x20), write(DST, 0, 1, 0x1)))
                    .didNotWrite(pointer(SRC)))
                    .hasMessage("""
                            Expecting native code not to have written src
                            but it wrote src[-4, 0):
                              src[-4, 0)  WRITE of size 4 at libbuggy.so!fill+0x20""");
            assertThatThrownBy(() -> check(events(read(DST, 4, 8, 0x5))).didNotRead(pointer(DST, 10)))
                    .hasMessage("""
                            Expecting native code not to have read dst
                            but it read dst[4, 8):
                              dst[4, 8)  READ of size 4 at libbuggy.so!fill+0x5""");
        }

        @Test
        void touchingCoversReadsAndWrites() {
            assertThatThrownBy(() -> check(events(read(OLD, 0, 4, 0x5), write(OLD, 2, 6, 0x6)))
                    .didNotTouch(pointer(OLD)))
                    .hasMessage("""
                            Expecting native code not to have touched old
                            but it touched old[0, 6):
                              old[0, 6)  READ of size 4 at libbuggy.so!fill+0x5
                                         WRITE of size 4 at libbuggy.so!fill+0x6""");
        }
    }

    @Nested
    class TouchedOnly {

        @Test
        void passesWhenEveryAccessStayedInTheBuffers() {
            check(events(read(SRC, 0, 32, 0x1), write(DST, 0, 16, 0x2))).touchedOnly(pointer(DST), pointer(SRC));
            check(events()).touchedOnly();
        }

        @Test
        void listsEveryOtherAccessRedzonesIncluded() {
            assertThatThrownBy(() -> check(events(read(SRC, 0, 32, 0x1), write(DST, 0, 17, 0x2), read(STR, 0, 16, 0x3)))
                    .touchedOnly(pointer(DST), pointer(SRC)))
                    .hasMessage("""
                            Expecting native code to have touched only dst, src
                            but it also touched:
                              dst[16, 17)  WRITE of size 17 at libbuggy.so!fill+0x2
                              str[0, 16)  READ of size 16 at libbuggy.so!fill+0x3""");
            assertThatThrownBy(() -> check(events(read(SRC, 0, 1, 0x1))).touchedOnly())
                    .hasMessage("""
                            Expecting native code to have touched only nothing
                            but it also touched:
                              src[0, 1)  READ of size 1 at libbuggy.so!fill+0x1""");
        }
    }

    @Nested
    class OutOfBounds {

        private final MemEvents overflowAndUseAfterFree = events(
                write(DST, 0, 16, 0x1), write(DST, 16, 17, 0x12), read(OLD, 4, 8, 0x30));

        @Test
        void noOutOfBoundsAccessListsEveryViolation() {
            check(events(write(DST, 0, 16, 0x1), read(STR, 96, 128, 0x2))).hasNoOutOfBoundsAccess();
            assertThatThrownBy(() -> check(overflowAndUseAfterFree).hasNoOutOfBoundsAccess())
                    .hasMessage("""
                            Expecting native code to have made no out-of-bounds access
                            but it made 2:
                              WRITE of size 1 at libbuggy.so!fill+0x12: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
                              READ of size 4 at libbuggy.so!fill+0x30: old[4, 8) is inside the freed 16-byte buffer `old` (use after free)""");
        }

        @Test
        void listingsShowTheIntelSyntaxOfInstructionsTheSupervisorDescribed() {
            MemEvents described = new MemEvents(overflowAndUseAfterFree.accEvents(), List.of(
                    new InstructionInfo(0x12, "mov byte ptr [rdi+rax*1], al", List.of("#0 0x12 in fill")),
                    new InstructionInfo(0x30, "", List.of())));
            assertThatThrownBy(() -> check(described).hasNoOutOfBoundsAccess())
                    .hasMessage("""
                            Expecting native code to have made no out-of-bounds access
                            but it made 2:
                              WRITE of size 1 at libbuggy.so!fill+0x12 (mov byte ptr [rdi+rax*1], al): dst[16, 17) is 1 byte right of the 16-byte buffer `dst`
                              READ of size 4 at libbuggy.so!fill+0x30: old[4, 8) is inside the freed 16-byte buffer `old` (use after free)""");
        }

        @Test
        void outOfBoundsWriteAndRead() {
            check(overflowAndUseAfterFree).hasOutOfBoundsWrite().hasOutOfBoundsRead();
            assertThatThrownBy(() -> check(events(read(DST, 0, 17, 0x9))).hasOutOfBoundsWrite())
                    .hasMessage("""
                            Expecting native code to have made an out-of-bounds write
                            but it made none; its out-of-bounds accesses:
                              READ of size 17 at libbuggy.so!fill+0x9: dst[0, 17) overflows the 16-byte buffer `dst` by 1 byte""");
            assertThatThrownBy(() -> check(events(read(STR, 96, 128, 0x2))).hasOutOfBoundsRead())
                    .hasMessage("""
                            Expecting native code to have made an out-of-bounds read
                            but it made none""");
        }
    }

    @Test
    void eventCountListsTheEventsOnFailure() {
        MemEvents events = events(write(DST, 0, 16, 0x1), read(SRC, -3, -2, 0x2));
        check(events).hasEventCount(2);
        assertThatThrownBy(() -> check(events).hasEventCount(1))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("""
                        Expecting 1 access events but native code made 2:
                          WRITE of size 16 at libbuggy.so!fill+0x1 to dst[0, 16)
                          READ of size 1 at libbuggy.so!fill+0x2 to src[-3, -2)""")
                .satisfies(e -> {
                    assertThat(((AssertionFailedError) e).getActual().getValue()).isEqualTo(2);
                    assertThat(((AssertionFailedError) e).getExpected().getValue()).isEqualTo(1);
                });
    }

    @Test
    void eventsAndCertainWritesChainIntoListAssertions() {
        AccessEvent.Write certain = write(DST, 0, 16, 0x1);
        AccessEvent.Write uncertain = maybeWrite(DST, 0, 32, 0x2);
        AccessEvent.Read read = read(SRC, 0, 4, 0x3);
        check(events(certain, uncertain, read)).events().containsExactly(certain, uncertain, read);
        check(events(certain, uncertain, read)).certainWrites().containsExactly(certain);
        assertThatThrownBy(() -> check(events(uncertain)).certainWrites().isNotEmpty())
                .hasMessageContaining("Expecting actual not to be empty");
    }

    @Test
    void descriptionPrefixesTheMessage() {
        assertThatThrownBy(() -> check(events()).as("fill").wrote(pointer(DST), 0, 1))
                .hasMessageStartingWith("[fill] Expecting native code to have written at least dst[0, 1)");
    }

    @Test
    void aPointerOutsideEveryBufferIsAMistakeNotAFailure() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> check(events()).didNotTouch(pointer(DST, 16)))
                .withMessage("0x" + Long.toHexString(DST.range().end())
                        + " is not inside a buffer of the tracked arena (buffers: dst, src, old, str)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> check(events()).wrote(pointer(DST), 4, 2))
                .withMessage("empty range [4, 2)");
    }

    @Test
    void outsideAChildWithoutAllocationsNoBufferIsKnown() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TracedFfiAssertions.assertThat(events()).didNotTouch(pointer(DST)))
                .withMessageEndingWith("(buffers: none)");
    }

    @Test
    void tracedCallUsesTheBuffersAsTheyWereWhenTheCallStarted() {
        var call = dev.tracedffi.junit.TracedCall.traced("fill", null,
                events(write(DST, 0, 16, 0x1)), List.of(DST, SRC));
        TracedFfiAssertions.assertThat(call).wroteExactly(pointer(DST), 0, 16).didNotTouch(pointer(SRC));
    }

    @Test
    void zeroSizedBuffersAreNamedByTheirStart() {
        var empty = new dev.tracedffi.protocol.AllocationInfo("empty", new AccessRange(Arena.PAGE + 64, 0), false);
        TracedFfiAssertions.assertThat(events(), List.of(empty)).didNotTouch(pointer(empty));
    }
}
