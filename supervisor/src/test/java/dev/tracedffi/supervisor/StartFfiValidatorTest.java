package dev.tracedffi.supervisor;

import dev.tracedffi.supervisor.trace.RemoteMemory;
import dev.tracedffi.child.ScratchArea;
import dev.tracedffi.child.TracedArena;
import dev.tracedffi.protocol.StartFfiInfo;
import jnr.ffi.Pointer;
import dev.tracedffi.linux.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor refuses to act on a StartFfiInfo that points anywhere but the child's own arena.
 * This JVM plays the child: it owns a real arena and real scratch pages.
 */
class StartFfiValidatorTest {

    private final Syscalls sys = Syscalls.get();
    private final int pid = sys.libc().getpid();
    private final TracedArena arena = new TracedArena();
    private final ScratchArea scratch = new ScratchArea();
    private final StartFfiValidator validator = new StartFfiValidator(pid, sys.pageSize());
    private final RemoteMemory memory = new RemoteMemory(pid);

    @AfterEach
    void release() {
        arena.close();
    }

    private StartFfiInfo info(long tid, List<Long> pages, long gadget) {
        return new StartFfiInfo(tid, "call", sys.pageSize(), pages, gadget, arena.aliasDelta(), arena.allocations());
    }

    @Test
    void acceptsTheArenasOwnPages() {
        arena.allocate("buf", 10_000);
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), scratch.start()), memory)).isEmpty();
    }

    @Test
    void acceptsPagesTheArenaMappedAfterTheLastCheck() {
        arena.allocate("small", 100);
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), scratch.start()), memory)).isEmpty();
        arena.allocate("large", 3 << 20); // beyond the first committed chunk: new mappings
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), scratch.start()), memory)).isEmpty();
    }

    @Test
    void refusesAPageOutsideTheArena() {
        arena.allocate("buf", 10);
        List<Long> pages = new ArrayList<>(arena.trackedPages());
        pages.add(scratch.start());
        assertThat(validator.problemWith(info(sys.gettid(), pages, scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("not in the child's traced arena"));
    }

    @Test
    void refusesAnAliasDeltaThatIsNotTheSameMemory() {
        arena.allocate("buf", 10);
        StartFfiInfo info = new StartFfiInfo(sys.gettid(), "call", sys.pageSize(), arena.trackedPages(),
                scratch.start(), arena.aliasDelta() + sys.pageSize(), arena.allocations());
        assertThat(validator.problemWith(info, memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is not the same arena memory"));
    }

    @Test
    void refusesAnUnalignedPage() {
        arena.allocate("buf", 10);
        List<Long> pages = List.of(arena.trackedPages().get(0) + 8);
        assertThat(validator.problemWith(info(sys.gettid(), pages, scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("not page-aligned"));
    }

    @Test
    void refusesTooManyPages() {
        arena.allocate("buf", 10);
        List<Long> pages = Collections.nCopies(StartFfiValidator.MAX_PAGES + 1, arena.trackedPages().get(0));
        assertThat(validator.problemWith(info(sys.gettid(), pages, scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("exceed the limit"));
    }

    @Test
    void refusesAThreadOfAnotherProcess() {
        arena.allocate("buf", 10);
        assertThat(validator.problemWith(info(1, arena.trackedPages(), scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is not a thread of child process " + pid));
    }

    @Test
    void refusesTheChildsMainThread() {
        arena.allocate("buf", 10);
        assertThat(validator.problemWith(info(pid, arena.trackedPages(), scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is the child's main thread"));
    }

    @Test
    void refusesAScratchAreaThatIsNotAWholePrivateAnonymousExecutableMapping() {
        arena.allocate("buf", 10);
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), scratch.start() + 2), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is not page-aligned"));
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), arena.trackedPages().get(0)), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is not private anonymous read-write-execute memory"));
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), 8 * sys.pageSize()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("is not mapped in the child"));
    }

    @Test
    void refusesAScratchAreaThatDoesNotStartWithTheSyscallGadget() {
        arena.allocate("buf", 10);
        Pointer start = Pointer.wrap(sys.runtime(), scratch.start());
        start.putByte(0, (byte) 0x90);
        assertThat(validator.problemWith(info(sys.gettid(), arena.trackedPages(), scratch.start()), memory))
                .hasValueSatisfying(p -> assertThat(p).contains("does not start with the syscall gadget"));
    }
}
