package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MessageLimits;
import dev.tracedffi.protocol.Protocol;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TraceRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.tracedffi.supervisor.RawFrames.body;
import static dev.tracedffi.supervisor.RawFrames.concat;
import static dev.tracedffi.supervisor.RawFrames.frame;
import static dev.tracedffi.supervisor.RawFrames.packed;
import static dev.tracedffi.supervisor.RawFrames.prefixed;

/**
 * StartFfi frames a hostile child sends, made from its one valid request: each says what the
 * supervisor must answer. Mutations that still decode are refused for a known reason, or accepted
 * when they only change what does not matter (names, labels); frames that do not decode end the
 * session, with the very error this JVM's decoder gives for the same bytes.
 */
final class HostileFrames {

    enum Expect {
        /** A Refusal whose reason contains the fragment. */
        REFUSED,
        /** A Confirmation: a valid request. */
        ACCEPTED,
        /** A Refusal or a Confirmation: a random mutation that still decodes. */
        ANSWERED,
        /** The session ends; the supervisor's error contains the fragment. */
        SESSION_ENDS
    }

    record Frame(String kind, byte[] bytes, Expect expect, String fragment) {
        /** The request this frame decodes to, if it decodes. */
        Optional<StartFfiInfo> info() {
            return RawFrames.decode(bytes).info();
        }
    }

    /** What the child knows of its own process and others, for making requests that point elsewhere. */
    record Context(long pid, StartFfiInfo valid, long pageSize, long otherProcessTid, long missingTid,
                   long libcCode, long reservationPage) {
    }

    /** The kinds of frame that end a session, each child sending one of them last. */
    static final List<String> SESSION_ENDING_KINDS = List.of("random body", "random stream", "truncated body",
            "truncated message", "truncated length prefix", "length above the frame limit", "negative length",
            "page count above the limit", "declared page count the body cannot hold", "allocation count above the limit",
            "allocation range overflows", "negative allocation size", "unknown tag", "wrong element count",
            "trailing bytes", "callName not UTF-8", "undecodable bit flip", "integer where a string belongs");

    private final Context context;
    private final Random random;

    HostileFrames(Context context, Random random) {
        this.context = context;
        this.random = random;
    }

    /** A frame that decodes: refused, accepted, or (a random mutation) either. */
    Frame answerable() {
        int choice = random.nextInt(10);
        if (choice < 6) {
            return refusable();
        }
        if (choice < 8) {
            return acceptable();
        }
        while (true) {
            byte[] body = flipBits(body(new TraceRequest.StartFfi(context.valid())));
            RawFrames.Decoded decoded = RawFrames.decode(frame(body));
            // the leader's tid is refused by a separate test, not left to chance here
            if (decoded.info().isPresent() && decoded.info().get().tid() != context.pid()) {
                return new Frame("decodable bit flip", frame(body), Expect.ANSWERED, "");
            }
        }
    }

    /** One mutation the validator must refuse, with the reason it gives. */
    Frame refusable() {
        StartFfiInfo valid = context.valid();
        List<Long> pages = new ArrayList<>(valid.pagePtrs());
        long arenaPage = pages.get(random.nextInt(pages.size()));
        long pageSize = context.pageSize();
        return switch (random.nextInt(11)) {
            case 0 -> {
                long outside = pick(valid.gadgetPtr(), context.libcCode() & -pageSize, 0L, -pageSize);
                pages.add(random.nextInt(pages.size() + 1), outside);
                yield refused("page outside the arena", with(valid, pages), "is not in the child's traced arena");
            }
            case 1 -> {
                pages.set(random.nextInt(pages.size()), arenaPage + 1 + random.nextInt((int) pageSize - 1));
                yield refused("unaligned page", with(valid, pages), "is not page-aligned");
            }
            case 2 -> {
                pages.add(context.reservationPage());
                yield refused("page of the arena's reservation, not of its memory", with(valid, pages),
                        "is not in the child's traced arena");
            }
            case 3 -> {
                pages.add(arenaPage + valid.aliasDelta());
                yield refused("page of the alias view", with(valid, pages), "is not the same arena memory");
            }
            case 4 -> refused("thread of another process", withTid(valid, context.otherProcessTid()),
                    "is not a thread of child process " + context.pid());
            case 5 -> refused("thread that does not exist", withTid(valid, pick(context.missingTid(), 0L, -1L,
                    (1L << 32) + valid.tid())), "is not a thread of child process " + context.pid());
            case 6 -> refused("wrong page size", new StartFfiInfo(valid.tid(), valid.callName(),
                    pick(0L, 8192L, 2L << 20, -pageSize, pageSize + 1), valid.pagePtrs(),
                    valid.gadgetPtr(), valid.aliasDelta(), valid.allocations()), "differs from the system's");
            case 7 -> refused("alias delta that is not the arena", new StartFfiInfo(valid.tid(), valid.callName(),
                    pageSize, valid.pagePtrs(), valid.gadgetPtr(),
                    valid.aliasDelta() + pick(pageSize, -pageSize, 1L << 40), valid.allocations()),
                    "is not the same arena memory");
            case 8 -> refused("scratch area in memory that cannot execute", withGadget(valid,
                    pick(arenaPage, context.reservationPage())), "is not private anonymous read-write-execute memory");
            case 9 -> refused("scratch area that is not mapped", withGadget(valid, pick(0L, 8 * pageSize)),
                    "is not mapped in the child");
            default -> refused("scratch area not at a page start", withGadget(valid,
                    pick(valid.gadgetPtr() + 2, context.libcCode() | 1)), "is not page-aligned");
        };
    }

    /** A valid request that differs only in what the supervisor does not check. */
    Frame acceptable() {
        StartFfiInfo valid = context.valid();
        List<AllocationInfo> allocations = new ArrayList<>();
        for (AllocationInfo allocation : valid.allocations()) {
            allocations.add(new AllocationInfo(randomText(), allocation.range(), random.nextBoolean()));
        }
        List<Long> pages = switch (random.nextInt(3)) {
            case 0 -> List.of();
            case 1 -> List.of(valid.pagePtrs().get(0), valid.pagePtrs().get(0));
            default -> valid.pagePtrs();
        };
        StartFfiInfo info = new StartFfiInfo(valid.tid(), randomText(), valid.pageSize(), pages,
                valid.gadgetPtr(), valid.aliasDelta(), random.nextBoolean() ? allocations : List.of());
        return new Frame("valid request, other names and labels", frame(body(new TraceRequest.StartFfi(info))),
                Expect.ACCEPTED, "");
    }

    /** A frame of {@code kind} (one of {@link #SESSION_ENDING_KINDS}) that the supervisor cannot decode. */
    Frame sessionEnding(String kind) {
        byte[] valid = body(new TraceRequest.StartFfi(context.valid()));
        byte[] bytes = switch (kind) {
            case "random body" -> undecodable(() -> frame(randomBytes(1 + random.nextInt(300))));
            case "random stream" -> undecodable(() -> randomBytes(1 + random.nextInt(300)));
            case "truncated body" -> Arrays.copyOf(frame(valid), Integer.BYTES + random.nextInt(valid.length));
            case "truncated message" -> frame(Arrays.copyOf(valid, random.nextInt(valid.length)));
            case "truncated length prefix" -> Arrays.copyOf(frame(valid), 1 + random.nextInt(Integer.BYTES - 1));
            case "length above the frame limit" -> prefixed(Protocol.DEFAULT_MAX_FRAME_BYTES + 1
                    + random.nextInt(Integer.MAX_VALUE - Protocol.DEFAULT_MAX_FRAME_BYTES), valid);
            case "negative length" -> prefixed(-1 - random.nextInt(Integer.MAX_VALUE), valid);
            case "page count above the limit" -> frame(startFfiUpToPages(p -> {
                int count = MessageLimits.MAX_PAGES + 1 + random.nextInt(1000);
                p.packArrayHeader(count);
                for (int i = 0; i < count; i++) {
                    p.packLong(context.valid().pagePtrs().get(0));
                }
            }));
            case "declared page count the body cannot hold" -> frame(startFfiUpToPages(p -> p.packArrayHeader(
                    MessageLimits.MAX_PAGES - random.nextInt(1000))));
            case "allocation count above the limit" -> frame(startFfiUpToAllocations(p -> p.packArrayHeader(
                    MessageLimits.MAX_ALLOCATIONS + 1 + random.nextInt(Integer.MAX_VALUE - MessageLimits.MAX_ALLOCATIONS - 1))));
            case "allocation range overflows" -> frame(startFfiUpToAllocations(p -> p.packArrayHeader(1)
                    .packArrayHeader(5).packString("dst").packLong(-1 - random.nextInt(4096)).packLong(4097)
                    .packBoolean(false).packArrayHeader(0).packArrayHeader(0)));
            case "negative allocation size" -> frame(startFfiUpToAllocations(p -> p.packArrayHeader(1)
                    .packArrayHeader(5).packString("dst").packLong(context.valid().pagePtrs().get(0))
                    .packLong(-1 - random.nextInt(1 << 20)).packBoolean(false).packArrayHeader(0).packArrayHeader(0)));
            case "unknown tag" -> frame(packed(p -> p.packArrayHeader(9).packInt(10 + random.nextInt(100))));
            case "wrong element count" -> frame(packed(p -> p.packArrayHeader(1 + random.nextInt(8)).packInt(4)));
            case "trailing bytes" -> frame(concat(valid, randomBytes(1 + random.nextInt(8))));
            case "callName not UTF-8" -> frame(packed(p -> p.packArrayHeader(9).packInt(4).packLong(context.valid().tid())
                    .packRawStringHeader(2).writePayload(new byte[] {(byte) 0xc3, 0x28})));
            case "undecodable bit flip" -> undecodable(() -> frame(flipBits(valid)));
            case "integer where a string belongs" -> frame(packed(p -> p.packArrayHeader(9).packInt(4)
                    .packLong(context.valid().tid()).packLong(random.nextLong())));
            default -> throw new IllegalArgumentException("no session-ending kind " + kind);
        };
        RawFrames.Decoded decoded = RawFrames.decode(bytes);
        if (decoded.problem() == null) {
            throw new IllegalStateException(kind + " decodes");
        }
        // the supervisor counts stream offsets from the start of its connection, this decoder from the frame
        return new Frame(kind, bytes, Expect.SESSION_ENDS, decoded.problem().replaceFirst(" \\(at byte offset -?\\d+\\)$", ""));
    }

    private interface Bytes {
        byte[] make();
    }

    private static byte[] undecodable(Bytes bytes) {
        while (true) {
            byte[] candidate = bytes.make();
            if (RawFrames.decode(candidate).problem() != null) {
                return candidate;
            }
        }
    }

    private Frame refused(String kind, StartFfiInfo info, String reason) {
        return new Frame(kind, frame(body(new TraceRequest.StartFfi(info))), Expect.REFUSED, reason);
    }

    private static StartFfiInfo with(StartFfiInfo valid, List<Long> pages) {
        return new StartFfiInfo(valid.tid(), valid.callName(), valid.pageSize(), pages,
                valid.gadgetPtr(), valid.aliasDelta(), valid.allocations());
    }

    static StartFfiInfo withTid(StartFfiInfo valid, long tid) {
        return new StartFfiInfo(tid, valid.callName(), valid.pageSize(), valid.pagePtrs(),
                valid.gadgetPtr(), valid.aliasDelta(), valid.allocations());
    }

    static StartFfiInfo withGadget(StartFfiInfo valid, long gadget) {
        return new StartFfiInfo(valid.tid(), valid.callName(), valid.pageSize(), valid.pagePtrs(),
                gadget, valid.aliasDelta(), valid.allocations());
    }

    private long pick(long... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private byte[] flipBits(byte[] body) {
        byte[] copy = body.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomText() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.appendCodePoint(random.nextBoolean() ? 0x20 + random.nextInt(95) : 0x4e00 + random.nextInt(0x5000));
        }
        return text.toString();
    }

    /** A StartFfi body up to its page list, which {@code rest} packs with everything after it. */
    private byte[] startFfiUpToPages(RawFrames.Packing rest) {
        StartFfiInfo valid = context.valid();
        return packed(p -> {
            p.packArrayHeader(9).packInt(4).packLong(valid.tid()).packString(valid.callName()).packLong(valid.pageSize());
            rest.pack(p);
        });
    }

    /** A StartFfi body up to its allocation list, which {@code rest} packs. */
    private byte[] startFfiUpToAllocations(RawFrames.Packing rest) {
        StartFfiInfo valid = context.valid();
        return startFfiUpToPages(p -> {
            p.packArrayHeader(valid.pagePtrs().size());
            for (long page : valid.pagePtrs()) {
                p.packLong(page);
            }
            p.packLong(valid.gadgetPtr()).packLong(valid.aliasDelta());
            rest.pack(p);
        });
    }


}
