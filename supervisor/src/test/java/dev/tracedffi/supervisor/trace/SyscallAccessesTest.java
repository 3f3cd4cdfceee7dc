package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyscallAccessesTest {

    private static final long PAGE = 4096;
    private static final long BASE = 0x7f00_0000_0000L;
    private static final long IP = 0x1234;
    private static final int TID = 4321;
    private static final int READ = 0, WRITE = 1, READV = 19, OPENAT = 257, SCHED_GETAFFINITY = 204, CLOCK_GETTIME = 228;
    /** Three tracked pages; a fourth page after them is untracked memory. */
    private final TrackedPages tracked = new TrackedPages(List.of(BASE, BASE + PAGE, BASE + 2 * PAGE), PAGE);
    private final byte[] memory = new byte[(int) (4 * PAGE)];

    private byte[] read(long address, int length) {
        int from = (int) (address - BASE);
        if (from < 0 || from >= memory.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(memory, from, Math.min(memory.length, from + length));
    }

    private SyscallAccesses resolve(long number, long... args) {
        long[] six = Arrays.copyOf(args, 6);
        return SyscallAccesses.resolve(number, six, tracked, PAGE, this::read);
    }

    @Test
    void readFillsAsManyBytesAsItReturns() {
        SyscallAccesses read = resolve(READ, 3, BASE + 100, 500);
        assertThat(read.pagesToOpen(tracked)).containsExactly(new AccessRange(BASE, PAGE));
        assertThat(read.events(120, IP, TID, tracked)).containsExactly(new AccessEvent.Write(new AccessRange(BASE + 100, 120), true, IP, TID));
        assertThat(read.events(-14, IP, TID, tracked)).isEmpty();
    }

    @Test
    void writeReadsAsManyBytesAsItReturnsAcrossPages() {
        SyscallAccesses write = resolve(WRITE, 1, BASE + PAGE - 10, 30);
        assertThat(write.pagesToOpen(tracked)).containsExactly(new AccessRange(BASE, 2 * PAGE));
        assertThat(write.events(30, IP, TID, tracked)).containsExactly(new AccessEvent.Read(new AccessRange(BASE + PAGE - 10, 30), IP, TID));
    }

    @Test
    void readvReadsTheIovecArrayThenFillsTheBuffersInOrder() {
        long iov = BASE + 2 * PAGE;
        ByteBuffer array = ByteBuffer.wrap(memory, (int) (iov - BASE), 32).order(ByteOrder.LITTLE_ENDIAN);
        array.putLong(BASE + 64).putLong(10).putLong(BASE + PAGE).putLong(100);
        SyscallAccesses readv = resolve(READV, 3, iov, 2);
        assertThat(readv.pagesToOpen(tracked)).containsExactly(new AccessRange(BASE, 3 * PAGE));
        assertThat(readv.events(50, IP, TID, tracked)).containsExactly(
                new AccessEvent.Read(new AccessRange(iov, 32), IP, TID),
                new AccessEvent.Write(new AccessRange(BASE + 64, 10), true, IP, TID),
                new AccessEvent.Write(new AccessRange(BASE + PAGE, 40), true, IP, TID));
    }

    @Test
    void aPathIsReadUpToAndWithItsNul() {
        byte[] path = "/etc/hostname\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(path, 0, memory, 200, path.length);
        SyscallAccesses openat = resolve(OPENAT, -100, BASE + 200, 0, 0);
        assertThat(openat.events(3, IP, TID, tracked)).containsExactly(new AccessEvent.Read(new AccessRange(BASE + 200, path.length), IP, TID));
    }

    @Test
    void aStructWrittenOnSuccessIsAWriteOnlyWhenTheSyscallSucceeds() {
        SyscallAccesses clock = resolve(CLOCK_GETTIME, 1, BASE + 16);
        assertThat(clock.events(0, IP, TID, tracked)).containsExactly(new AccessEvent.Write(new AccessRange(BASE + 16, 16), true, IP, TID));
        assertThat(clock.events(-22, IP, TID, tracked)).isEmpty();
    }

    @Test
    void anArgumentTheTableDoesNotDescribeIsAnUncertainAccessToItsRunOfPagesWithAWarning() {
        SyscallAccesses affinity = resolve(SCHED_GETAFFINITY, 0, 128, BASE + PAGE + 8);
        AccessRange run = new AccessRange(BASE, 3 * PAGE);
        assertThat(affinity.pagesToOpen(tracked)).containsExactly(run);
        assertThat(affinity.events(8, IP, TID, tracked)).containsExactly(
                new AccessEvent.Read(run, IP, TID), new AccessEvent.Write(run, false, IP, TID));
        assertThat(affinity.warnings("libc.so.6!sched_getaffinity+0x2a")).singleElement().asString()
                .contains("sched_getaffinity", "argument 3", "libc.so.6!sched_getaffinity+0x2a");
    }

    @Test
    void buffersOutsideTheTrackedPagesNeitherOpenPagesNorMakeEvents() {
        SyscallAccesses read = resolve(READ, 3, BASE + 3 * PAGE + 8, 100);
        assertThat(read.pagesToOpen(tracked)).isEmpty();
        assertThat(read.events(100, IP, TID, tracked)).isEmpty();
    }
}
