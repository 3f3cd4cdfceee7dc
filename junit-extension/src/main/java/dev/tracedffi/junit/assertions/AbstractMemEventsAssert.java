package dev.tracedffi.junit.assertions;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.junit.BufferAddresses;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import jnr.ffi.Pointer;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ListAssert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Assertions on the accesses native code made to tracked memory during a traced call.
 *
 * <p>Buffers are named by what {@code NativeMemory} handed out: a jnr-ffi {@link Pointer}, a raw address
 * ({@code long}), or a JNA pointer ({@link JnaMemEventsAssert}); each goes through {@link BufferAddresses}.
 * A pointer into the middle of a buffer names that buffer, and {@code from}/{@code to} offsets count from
 * the pointer. Messages name bytes relative to the buffer's start with its label ({@code dst[16, 17)}). The
 * bytes attributed to a buffer are the buffer itself plus everything closer to it than to any other buffer,
 * redzones included (see {@link Allocations}), so a {@code wroteExactly(dst, 0, 16)} fails on a one-byte
 * overflow of {@code dst}. Write assertions count every write, certain or not; see {@link #certainWrites()}.
 */
public abstract class AbstractMemEventsAssert<SELF extends AbstractMemEventsAssert<SELF>>
        extends AbstractObjectAssert<SELF, MemEvents> {

    /** More violations than this in one message would bury the first ones. */
    private static final int LISTED_LIMIT = 20;

    private Allocations allocations;
    private Supplier<LongFunction<String>> symbolizers = Symbolizers::currentProcess;

    /** Buffers are looked up in the live arena of this child, see {@link MemEventsAssert#MemEventsAssert}. */
    protected AbstractMemEventsAssert(MemEvents actual, Class<?> selfType) {
        super(actual, selfType);
        this.allocations = new Allocations(SupervisorClient.isConnected()
                ? SupervisorClient.current().arena().allocations()
                : List.of());
    }

    /** Looks buffers up in {@code allocations} (e.g. the arena's buffers when the call started). */
    public SELF usingAllocations(List<AllocationInfo> allocations) {
        this.allocations = new Allocations(allocations);
        return myself;
    }

    /** Names instructions in messages with {@code symbolizer} instead of the symbols of this process. */
    public SELF usingSymbolizer(LongFunction<String> symbolizer) {
        this.symbolizers = () -> symbolizer;
        return myself;
    }

    /** The bytes read in {@code buf} (and around it) are exactly {@code [from, to)}. */
    public SELF readExactly(Pointer buf, long from, long to) {
        return readExactly(BufferAddresses.of(buf), from, to);
    }

    /** The bytes read in the buffer at {@code address} (and around it) are exactly {@code [from, to)}. */
    public SELF readExactly(long address, long from, long to) {
        return accessed(Kind.READ, address, from, to, true);
    }

    /** The bytes written in {@code buf} (and around it) are exactly {@code [from, to)}. */
    public SELF wroteExactly(Pointer buf, long from, long to) {
        return wroteExactly(BufferAddresses.of(buf), from, to);
    }

    /** The bytes written in the buffer at {@code address} (and around it) are exactly {@code [from, to)}. */
    public SELF wroteExactly(long address, long from, long to) {
        return accessed(Kind.WRITE, address, from, to, true);
    }

    /** Every byte of {@code [from, to)} of {@code buf} was read, maybe more. */
    public SELF read(Pointer buf, long from, long to) {
        return read(BufferAddresses.of(buf), from, to);
    }

    /** Every byte of {@code [from, to)} of the buffer at {@code address} was read, maybe more. */
    public SELF read(long address, long from, long to) {
        return accessed(Kind.READ, address, from, to, false);
    }

    /** Every byte of {@code [from, to)} of {@code buf} was written, maybe more. */
    public SELF wrote(Pointer buf, long from, long to) {
        return wrote(BufferAddresses.of(buf), from, to);
    }

    /** Every byte of {@code [from, to)} of the buffer at {@code address} was written, maybe more. */
    public SELF wrote(long address, long from, long to) {
        return accessed(Kind.WRITE, address, from, to, false);
    }

    /** No byte of {@code buf} or around it was read. */
    public SELF didNotRead(Pointer buf) {
        return didNotRead(BufferAddresses.of(buf));
    }

    /** No byte of the buffer at {@code address} or around it was read. */
    public SELF didNotRead(long address) {
        return notAccessed(Kind.READ, address);
    }

    /** No byte of {@code buf} or around it was written. */
    public SELF didNotWrite(Pointer buf) {
        return didNotWrite(BufferAddresses.of(buf));
    }

    /** No byte of the buffer at {@code address} or around it was written. */
    public SELF didNotWrite(long address) {
        return notAccessed(Kind.WRITE, address);
    }

    /** No byte of {@code buf} or around it was read or written. */
    public SELF didNotTouch(Pointer buf) {
        return didNotTouch(BufferAddresses.of(buf));
    }

    /** No byte of the buffer at {@code address} or around it was read or written. */
    public SELF didNotTouch(long address) {
        return notAccessed(Kind.ANY, address);
    }

    /** Every access stayed inside {@code bufs}: none anywhere else, redzones included. */
    public SELF touchedOnly(Pointer... bufs) {
        long[] addresses = new long[bufs.length];
        for (int i = 0; i < bufs.length; i++) {
            addresses[i] = BufferAddresses.of(bufs[i]);
        }
        return touchedOnlyAt(addresses);
    }

    /** Every access stayed inside the buffers at {@code first} and {@code more}: none anywhere else. */
    public SELF touchedOnly(long first, long... more) {
        long[] addresses = new long[more.length + 1];
        addresses[0] = first;
        System.arraycopy(more, 0, addresses, 1, more.length);
        return touchedOnlyAt(addresses);
    }

    /** {@link #touchedOnly(Pointer...)} for the buffers holding {@code addresses}. */
    protected final SELF touchedOnlyAt(long... addresses) {
        isNotNull();
        List<AllocationInfo> allowed = new ArrayList<>();
        for (long address : addresses) {
            allowed.add(allocations.bufferAt(address));
        }
        ByteRanges touched = ByteRanges.of(actual.accEvents().stream().map(AccessEvent::range).toList());
        ByteRanges elsewhere = touched.minus(ByteRanges.of(allowed.stream().map(AllocationInfo::range).toList()));
        if (elsewhere.isEmpty()) {
            return myself;
        }
        AccessListing listing = new AccessListing(symbolizer());
        for (BufferRange piece : allocations.attribute(elsewhere)) {
            listing.range("", piece, actual.accEvents());
        }
        failWithMessage("%s", "Expecting native code to have touched only "
                + (allowed.isEmpty() ? "nothing" : allowed.stream().map(AllocationInfo::label).collect(Collectors.joining(", ")))
                + "\nbut it also touched:" + listing);
        return myself;
    }

    /** No access was out of bounds or to a freed buffer ({@link OutOfBoundsPolicy}). */
    public SELF hasNoOutOfBoundsAccess() {
        List<Violation> violations = violations(v -> true);
        if (!violations.isEmpty()) {
            failWithMessage("%s", "Expecting native code to have made no out-of-bounds access\nbut it made "
                    + violations.size() + ":" + listed(violations));
        }
        return myself;
    }

    /** At least one write was out of bounds or to a freed buffer. */
    public SELF hasOutOfBoundsWrite() {
        if (violations(Violation::isWrite).isEmpty()) {
            failWithMessage("%s", "Expecting native code to have made an out-of-bounds write\nbut it made none"
                    + otherViolations());
        }
        return myself;
    }

    /** At least one read was out of bounds or from a freed buffer (benign over-reads do not count). */
    public SELF hasOutOfBoundsRead() {
        if (violations(v -> !v.isWrite()).isEmpty()) {
            failWithMessage("%s", "Expecting native code to have made an out-of-bounds read\nbut it made none"
                    + otherViolations());
        }
        return myself;
    }

    public SELF hasEventCount(int expected) {
        isNotNull();
        List<AccessEvent> events = actual.accEvents();
        if (events.size() != expected) {
            LongFunction<String> symbolizer = symbolizer();
            AccessListing listing = new AccessListing(symbolizer);
            events.stream().limit(LISTED_LIMIT).forEach(e -> listing.line(AccessDescription.of(e, symbolizer)
                    + " to " + where(e.range())));
            failWithActualExpectedAndMessage(events.size(), expected, "%s", "Expecting " + expected
                    + " access events but native code made " + events.size() + (events.isEmpty() ? "" : ":")
                    + listing + more(events.size()));
        }
        return myself;
    }

    /** Every access, in order, for any other assertion. */
    public ListAssert<AccessEvent> events() {
        isNotNull();
        return extracting(MemEvents::accEvents, InstanceOfAssertFactories.list(AccessEvent.class));
    }

    /** The writes the instruction certainly made (not masked or conditional stores, not undecoded ones), in order. */
    public ListAssert<AccessEvent> certainWrites() {
        isNotNull();
        return extracting(events -> events.accEvents().stream()
                .filter(e -> e instanceof AccessEvent.Write write && write.certain())
                .toList(), InstanceOfAssertFactories.list(AccessEvent.class));
    }

    private SELF accessed(Kind kind, long address, long from, long to, boolean exactly) {
        isNotNull();
        if (from > to) {
            throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
        }
        AllocationInfo buffer = allocations.bufferAt(address);
        AccessRange wanted = ByteRanges.span(address + from, address + to);
        ByteRanges expected = ByteRanges.of(wanted);
        ByteRanges accessed = accessedAround(kind, buffer);
        ByteRanges missing = expected.minus(accessed);
        ByteRanges extra = exactly ? accessed.minus(expected) : ByteRanges.EMPTY;
        if (missing.isEmpty() && extra.isEmpty()) {
            return myself;
        }
        AccessListing listing = new AccessListing(symbolizer());
        for (AccessRange range : missing.ranges()) {
            listing.range("missing: ", new BufferRange(buffer, range), List.of());
        }
        for (AccessRange range : extra.ranges()) {
            listing.range("extra: ", new BufferRange(buffer, range), events(kind));
        }
        failWithMessage("%s", "Expecting native code to have " + kind.participle + (exactly ? " exactly " : " at least ")
                + new BufferRange(buffer, wanted) + "\nbut it " + kind.pastTense + " " + inBuffer(buffer, accessed)
                + ":" + listing);
        return myself;
    }

    private SELF notAccessed(Kind kind, long address) {
        isNotNull();
        AllocationInfo buffer = allocations.bufferAt(address);
        ByteRanges accessed = accessedAround(kind, buffer);
        if (!accessed.isEmpty()) {
            AccessListing listing = new AccessListing(symbolizer());
            for (AccessRange range : accessed.ranges()) {
                listing.range("", new BufferRange(buffer, range), events(kind));
            }
            failWithMessage("%s", "Expecting native code not to have " + kind.participle + " " + buffer.label()
                    + "\nbut it " + kind.pastTense + " " + inBuffer(buffer, accessed) + ":" + listing);
        }
        return myself;
    }

    private ByteRanges accessedAround(Kind kind, AllocationInfo buffer) {
        return ByteRanges.of(events(kind).stream().map(AccessEvent::range).toList()).within(allocations.cellOf(buffer));
    }

    private List<AccessEvent> events(Kind kind) {
        return actual.accEvents().stream().filter(kind.matches).toList();
    }

    private List<Violation> violations(Predicate<Violation> wanted) {
        isNotNull();
        return OutOfBoundsPolicy.violations(actual, allocations.all()).stream().filter(wanted).toList();
    }

    private String otherViolations() {
        List<Violation> all = violations(v -> true);
        return all.isEmpty() ? "" : "; its out-of-bounds accesses:" + listed(all);
    }

    private String listed(List<Violation> violations) {
        LongFunction<String> symbolizer = symbolizer();
        AccessListing listing = new AccessListing(symbolizer);
        violations.stream().limit(LISTED_LIMIT).forEach(v -> listing.line(v.describe(symbolizer)));
        return listing + more(violations.size());
    }

    /** Names instructions, with their Intel syntax where the supervisor sent it. */
    private LongFunction<String> symbolizer() {
        return Symbolizers.withInstructionText(symbolizers.get(), actual.instructionsByIp());
    }

    private static String more(int count) {
        return count > LISTED_LIMIT ? "\n  and " + (count - LISTED_LIMIT) + " more" : "";
    }

    private static String inBuffer(AllocationInfo buffer, ByteRanges bytes) {
        return bytes.isEmpty()
                ? "nothing in " + buffer.label()
                : bytes.ranges().stream().map(r -> new BufferRange(buffer, r).toString()).collect(Collectors.joining(", "));
    }

    private String where(AccessRange range) {
        List<BufferRange> pieces = allocations.attribute(ByteRanges.of(range));
        return pieces.isEmpty() ? range.toString() : pieces.get(0).toString();
    }

    private enum Kind {
        READ("read", "read", e -> e instanceof AccessEvent.Read),
        WRITE("written", "wrote", e -> e instanceof AccessEvent.Write),
        ANY("touched", "touched", e -> true);

        final String participle;
        final String pastTense;
        final Predicate<AccessEvent> matches;

        Kind(String participle, String pastTense, Predicate<AccessEvent> matches) {
            this.participle = participle;
            this.pastTense = pastTense;
            this.matches = matches;
        }
    }
}
