package dev.tracedffi.junit.report;

import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.StackFrame;
import dev.tracedffi.supervisor.CrashReport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reports of the kinds a user opens, with the accesses glibc and the samples' buggy library really make. */
final class SamplePages {

    static final long BASE = 0x7f3a_1c40_0000L;
    static final String BUGGY = "dev.tracedffi.samples.buggy.BuggyLibraryTest";

    private SamplePages() {
    }

    /** strcpy of "hello, world!": AVX2 reads 32 bytes of src (18 past the string), two overlapping 8-byte stores. */
    static TestReport passing() {
        AllocationInfo src = new AllocationInfo("src", new AccessRange(BASE + 64, 14), false);
        AllocationInfo dst = new AllocationInfo("dst", new AccessRange(BASE + 4096 + 64, 32), false);
        byte[] text = "hello, world!\0".getBytes(StandardCharsets.US_ASCII);
        byte[] copied = Arrays.copyOf(text, 32);
        CallReport call = new CallReport("strcpy", new MemEvents(List.of(
                Reports.read(src, 0, 32, 0x7f3a_2000_1a2dL),
                Reports.write(dst, 0, 8, 0x7f3a_2000_1a91L, true),
                Reports.write(dst, 6, 14, 0x7f3a_2000_1a96L, true))),
                List.of(src, dst), List.of(),
                Map.of(0x7f3a_2000_1a2dL, "libc.so.6!__strcpy_avx2+0x2d", 0x7f3a_2000_1a91L, "libc.so.6!__strcpy_avx2+0x91",
                        0x7f3a_2000_1a96L, "libc.so.6!__strcpy_avx2+0x96"),
                Map.of(src.range().addr(), text, dst.range().addr(), copied));
        return new TestReport("dev.tracedffi.samples.libc.StringFunctionsTest", "strcpyCopiesTheTerminator()",
                "[engine:junit-jupiter]/[class:dev.tracedffi.samples.libc.StringFunctionsTest]/[method:strcpyCopiesTheTerminator()]",
                TestStatus.PASSED, null, List.of(call));
    }

    /** value_initial reads node->next->value through a null next pointer. */
    static TestReport crash() {
        AllocationInfo node = new AllocationInfo("node", new AccessRange(BASE + 64, 24), false);
        byte[] contents = new byte[24];
        contents[0] = 7;
        CallReport call = new CallReport("value_initial", new MemEvents(List.of(
                Reports.read(node, 8, 16, 0x7f3a_3000_1109L))), List.of(node), List.of(),
                Map.of(0x7f3a_3000_1109L, "libbuggy.so!value_initial+0x9"), Map.of(node.range().addr(), contents));
        String registers = """
                rax=0x0000000000000000 rbx=0x00007f3a1c400040 rcx=0x0000000000000001 rdx=0x0000000000000000
                rsi=0x00007ffd5e0c2a10 rdi=0x00007f3a1c400040 rbp=0x00007ffd5e0c2a60 rsp=0x00007ffd5e0c2a28
                r8 =0x0000000000000000 r9 =0x0000000000000000 r10=0x00007f3a30000f20 r11=0x0000000000000246
                r12=0x00007f3a1c400040 r13=0x0000000000000000 r14=0x00007f3a08d5c3a0 r15=0x00007f3a1c401000
                rip=0x00007f3a3000110e eflags=0x0000000000010246""";
        String failure = new CrashReport(11, 1, 0x1, 0x7f3a_3000_110eL, "libbuggy.so!value_initial+0xe",
                "movsx  [0f be 40 01]", registers, "value_initial").render();
        return new TestReport(BUGGY, "nullNextPointerCrashes()", "[engine:junit-jupiter]/[class:" + BUGGY
                + "]/[method:nullNextPointerCrashes()]", TestStatus.CRASHED, failure, List.of(call));
    }

    /** fill(dst, 17) into a 16-byte buffer: byte stores, the last one past the end. */
    static TestReport violation() {
        StackFrame allocatedAt = new StackFrame(BUGGY, "fillWritesOneBytePastTheEnd", "BuggyLibraryTest.java", 41);
        AllocationInfo dst = new AllocationInfo("dst", new AccessRange(BASE + 64, 16), false, allocatedAt);
        byte[] after = new byte[16];
        Arrays.fill(after, (byte) 0xaa);
        InstructionInfo store = new InstructionInfo(0x7f3a_3000_1205L, "mov byte ptr [rdi+rax*1], 0xaa", List.of(
                "#0 0x7f3a30001205 in libbuggy.so!fill+0x5 /work/samples/src/test/c/buggy.c:14 (libbuggy.so+0x1205)",
                "(called from code in anonymous memory at 0x7f3a2c01d4e2 (JIT code?), which has no unwind information)"));
        List<StackFrame> javaFrames = List.of(new StackFrame(BUGGY, "lambda$fillWritesOneBytePastTheEnd$0",
                "BuggyLibraryTest.java", 44), new StackFrame(BUGGY, "fillWritesOneBytePastTheEnd", "BuggyLibraryTest.java", 43));
        CallReport call = new CallReport("fill", new MemEvents(List.of(
                Reports.write(dst, 0, 16, 0x7f3a_3000_1205L, true),
                Reports.write(dst, 16, 17, 0x7f3a_3000_1205L, true)), List.of(store)),
                List.of(dst), List.of(), Map.of(0x7f3a_3000_1205L, "libbuggy.so!fill+0x5"), Map.of(dst.range().addr(), after),
                javaFrames);
        String failure = "dev.tracedffi.junit.assertions.OutOfBoundsAccessError: 1 out-of-bounds access in `fill`:\n"
                + "  WRITE of size 1 at libbuggy.so!fill+0x5: dst[16, 17) is 1 byte right of the 16-byte buffer `dst`";
        return new TestReport(BUGGY, "fillWritesOneBytePastTheEnd()", "[engine:junit-jupiter]/[class:" + BUGGY
                + "]/[method:fillWritesOneBytePastTheEnd()]", TestStatus.FAILED, failure, List.of(call));
    }

    /** memset of 1 MiB and one byte past it. */
    static TestReport mebibyte() {
        return new TestReport("dev.tracedffi.samples.libc.MemoryFunctionsTest", "memsetOfOneMebibyte()",
                "[engine:junit-jupiter]/[class:dev.tracedffi.samples.libc.MemoryFunctionsTest]/[method:memsetOfOneMebibyte()]",
                TestStatus.FAILED, "1 out-of-bounds access in `memset`", List.of(Reports.memsetWithOverflow()));
    }

    /** A fixture that {@code BuggyLibraryTest › reportsTheCrash()} ran through EngineTestKit. */
    static TestReport fixture(String name, TestStatus status) {
        String fixtureClass = BUGGY + "$Fixtures";
        return new TestReport(fixtureClass, name, "[engine:junit-jupiter]/[class:" + fixtureClass + "]/[method:" + name + "]",
                status, status == TestStatus.PASSED ? null : "expected by the test that ran it", List.of(),
                new RanBy("[engine:junit-jupiter]/[class:" + BUGGY + "]/[method:reportsTheCrash()]", BUGGY,
                        "reportsTheCrash()"));
    }
}
