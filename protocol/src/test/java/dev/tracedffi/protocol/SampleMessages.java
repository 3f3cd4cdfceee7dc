package dev.tracedffi.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Messages for the tests: fixed ones with edge values, and random ones from a seed. */
final class SampleMessages {

    static final String UNICODE = "crc32 \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00 \u0000 end";

    private SampleMessages() {
    }

    /** Ranges end at 2^64 - 1 at the most: an end of 2^64 is not representable (see {@link AccessRange}). */
    static List<Message> withEdgeValues() {
        List<Message> messages = new ArrayList<>();
        messages.add(Protocol.hello(1234, 1235));
        messages.add(new Hello(0, 0, 0));
        messages.add(new Hello(-1, -1, -1));
        messages.add(new Hello(Integer.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE));
        messages.add(new Confirmation());
        messages.add(new Refusal(""));
        messages.add(new Refusal(UNICODE));
        messages.add(new Refusal("x".repeat(100_000)));
        messages.add(new TraceRequest.OverrideRetcode(0));
        messages.add(new TraceRequest.OverrideRetcode(-1));
        messages.add(new TraceRequest.OverrideRetcode(Integer.MAX_VALUE));
        messages.add(new TraceRequest.OverrideRetcode(Integer.MIN_VALUE));
        messages.add(new TraceRequest.StartFfi(new StartFfiInfo(0, "", 0, List.of(), 0, 0, List.of())));
        messages.add(new TraceRequest.StartFfi(new StartFfiInfo(
                77, UNICODE, 4096, List.of(0x7f00_0000_0000L, 0x7f00_0000_1000L, Long.MIN_VALUE, -4096L),
                -1L, Long.MIN_VALUE,
                List.of(new AllocationInfo("dst", new AccessRange(0x7f00_0000_0040L, 64), false),
                        new AllocationInfo("\u00e9", new AccessRange(Long.MIN_VALUE, 0), true),
                        new AllocationInfo("top", new AccessRange(-16L, 15), false),
                        new AllocationInfo("whole", new AccessRange(0, Long.MAX_VALUE), true)))));
        messages.add(new TraceRequest.StartFfi(new StartFfiInfo(
                78, "fill", 4096, List.of(0x7f00_0000_0000L), 0x7f10_0000_0000L, 1L << 30,
                List.of(new AllocationInfo("dst", new AccessRange(0x7f00_0000_0040L, 16), false,
                                new StackFrame("dev.x.FillTest", "fills", "FillTest.java", 31)),
                        new AllocationInfo(UNICODE, new AccessRange(0x7f00_0000_0100L, 1), true,
                                new StackFrame(UNICODE, "<init>", null, -1))),
                List.of(new StackFrame("dev.x.FillTest", "lambda$fills$0", "FillTest.java", 34),
                        new StackFrame("dev.x.FillTest", "fills", "FillTest.java", 33),
                        new StackFrame(UNICODE, "", null, Integer.MIN_VALUE)))));
        messages.add(new CallConfirmation(0));
        messages.add(new CallConfirmation(Long.MIN_VALUE));
        messages.add(new MemEvents(List.of()));
        messages.add(new MemEvents(List.of(
                new AccessEvent.Read(new AccessRange(0, 0), 0),
                new AccessEvent.Write(new AccessRange(0x1000, 8), true, 0x2000, Integer.MAX_VALUE),
                new AccessEvent.Read(new AccessRange(0x1000, 8), 0x2000, 4242),
                new AccessEvent.Write(new AccessRange(0x7f12_3456_7890L, 32), true, 0x7f00_dead_beefL),
                new AccessEvent.Write(new AccessRange(Long.MIN_VALUE, Long.MAX_VALUE), false, -1),
                new AccessEvent.Read(new AccessRange(-2L, 1), Long.MIN_VALUE),
                new AccessEvent.Read(new AccessRange(Long.MAX_VALUE, 0), Long.MAX_VALUE))));
        messages.add(new MemEvents(
                List.of(new AccessEvent.Write(new AccessRange(0x7f00_0000_0050L, 1), true, 0x7f9a_0000_1105L, 4242)),
                List.of(new InstructionInfo(0x7f9a_0000_1105L, "mov byte ptr [rdi+rsi*1], 0x41",
                                List.of("#0 0x7f9a00001105 in libbuggy.so!fill+0x5 buggy.c:12 (libbuggy.so+0x1105)",
                                        "(called from JVM code in jffi1234.so (the JNI boundary))")),
                        new InstructionInfo(-1L, "", List.of()),
                        new InstructionInfo(0, UNICODE, List.of(UNICODE, "")))));
        messages.add(memcpyEvents(65_536, 0x7f00_0000_0000L));
        messages.add(new TestOutcome(TestOutcome.Status.SUCCESSFUL, null));
        messages.add(new TestOutcome(TestOutcome.Status.ABORTED, new SerializedThrowable(
                "org.opentest4j.TestAbortedException", null, List.of(), null, null, null)));
        messages.add(new TestOutcome(TestOutcome.Status.FAILED, new SerializedThrowable(
                "org.opentest4j.AssertionFailedError", "expected: <1> but was: <2>",
                List.of(new StackFrame("dev.x.FooTest", "crc", "FooTest.java", 42),
                        new StackFrame("jdk.internal.Native", "call", null, -2),
                        new StackFrame("\u00e9t\u00e9", "<init>", UNICODE, Integer.MAX_VALUE)),
                "1", "2",
                new SerializedThrowable("java.io.IOException", "", List.of(), "", null,
                        new SerializedThrowable("java.lang.Error", UNICODE, List.of(), null, UNICODE, null)))));
        messages.add(new TestOutcome(TestOutcome.Status.FAILED, causeChain(1_000)));
        messages.add(new RunMain("", List.of()));
        messages.add(new RunMain("dev.x.Main", List.of("[engine:junit-jupiter]/[class:dev.x.FooTest]", "", UNICODE)));
        messages.add(new RunMain("dev.x.Main", List.of("a"), true, Long.MIN_VALUE));
        messages.add(new RunMain("dev.x.Main", List.of(), true, -1));
        messages.add(new MainEnded(0));
        messages.add(new MainEnded(Long.MAX_VALUE));
        return messages;
    }

    /** What a traced 1 MiB memcpy of 16-byte loads and stores yields: {@code count} alternating events. */
    static MemEvents memcpyEvents(int count, long base) {
        List<AccessEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = 16L * (i / 2);
            events.add(i % 2 == 0
                    ? new AccessEvent.Read(new AccessRange(base + offset, 16), 0x7f9a_1234_5678L)
                    : new AccessEvent.Write(new AccessRange(base + (1 << 20) + offset, 16), i % 6 != 5,
                            0x7f9a_1234_567cL));
        }
        return new MemEvents(events);
    }

    /** A throwable with {@code depth} links, each caused by the next. */
    static SerializedThrowable causeChain(int depth) {
        SerializedThrowable throwable = null;
        for (int i = depth - 1; i >= 0; i--) {
            throwable = new SerializedThrowable("java.lang.RuntimeException", "level " + i,
                    List.of(new StackFrame("Deep", "level" + i, "Deep.java", i)), null, null, throwable);
        }
        return throwable;
    }

    /** A random message of any type, kept small so that fuzzing it is cheap. */
    static Message random(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> new Hello(random.nextInt(3), randomLong(random), randomLong(random));
            case 1 -> new Confirmation();
            case 2 -> new Refusal(randomString(random));
            case 3 -> new TraceRequest.OverrideRetcode(random.nextInt());
            case 4 -> new TraceRequest.StartFfi(randomStartFfiInfo(random));
            case 5 -> randomMemEvents(random);
            case 6 -> new RunMain(randomString(random), List.of(randomString(random), randomString(random)),
                    random.nextBoolean(), randomLong(random));
            case 7 -> new MainEnded(randomLong(random));
            default -> randomTestOutcome(random);
        };
    }

    private static StartFfiInfo randomStartFfiInfo(Random random) {
        List<Long> pages = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            pages.add(randomLong(random));
        }
        List<AllocationInfo> allocations = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            allocations.add(new AllocationInfo(randomString(random), randomRange(random), random.nextBoolean()));
        }
        return new StartFfiInfo(randomLong(random), randomString(random), 4096, pages,
                randomLong(random), randomLong(random), allocations);
    }

    private static MemEvents randomMemEvents(Random random) {
        List<AccessEvent> events = new ArrayList<>();
        for (int i = random.nextInt(20); i > 0; i--) {
            events.add(random.nextBoolean()
                    ? new AccessEvent.Read(randomRange(random), randomLong(random))
                    : new AccessEvent.Write(randomRange(random), random.nextBoolean(), randomLong(random)));
        }
        return new MemEvents(events);
    }

    private static TestOutcome randomTestOutcome(Random random) {
        TestOutcome.Status status = TestOutcome.Status.values()[random.nextInt(3)];
        int depth = status == TestOutcome.Status.SUCCESSFUL ? random.nextInt(2) : 1 + random.nextInt(3);
        SerializedThrowable throwable = null;
        for (; depth > 0; depth--) {
            List<StackFrame> frames = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                frames.add(new StackFrame(randomString(random), randomString(random),
                        random.nextBoolean() ? null : randomString(random), random.nextInt()));
            }
            throwable = new SerializedThrowable(randomString(random), randomNullableString(random), frames,
                    randomNullableString(random), randomNullableString(random), throwable);
        }
        return new TestOutcome(status, throwable);
    }

    /** Small and large magnitudes, both signs: every msgpack integer width. */
    private static long randomLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(256) - 32;
            case 1 -> random.nextInt();
            case 2 -> 0x7f00_0000_0000L + random.nextInt(1 << 30);
            default -> random.nextLong();
        };
    }

    private static AccessRange randomRange(Random random) {
        long addr = randomLong(random);
        // The largest size that does not run past the top of the (unsigned) address space.
        long room = addr < 0 ? -(addr + 1) : Long.MAX_VALUE;
        long size = random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(64);
        return new AccessRange(addr, Math.min(room, size));
    }

    private static String randomNullableString(Random random) {
        return random.nextBoolean() ? null : randomString(random);
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int kind = random.nextInt(4);
            text.appendCodePoint(kind == 0 ? 0x20 + random.nextInt(95)
                    : kind == 1 ? 0xa0 + random.nextInt(0x700)
                    : kind == 2 ? 0x4e00 + random.nextInt(0x5000)
                    : 0x1f600 + random.nextInt(0x50));
        }
        return text.toString();
    }
}
