package dev.tracedffi.supervisor;

import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.MessageLimits;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.supervisor.trace.RemoteMemory;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a {@link StartFfiInfo} before the supervisor acts on it: the thread belongs to the child, the
 * pages are page-aligned, within the page-count limit and inside the child's own arena mappings, their
 * alias view (if any) maps the same arena memory, and the scratch area is one private anonymous
 * executable mapping that starts with the syscall gadget.
 */
final class StartFfiValidator {

    /** The decoder refuses longer page lists; a validator test builds one in memory to check this too. */
    static final int MAX_PAGES = MessageLimits.MAX_PAGES;

    private final int pid;
    private final long pageSize;
    /** The child's memory map, read once and again only when it does not vouch for a request. */
    private ProcMaps maps;

    StartFfiValidator(int pid, long pageSize) {
        this.pid = pid;
        this.pageSize = pageSize;
    }

    /** What is wrong with {@code info}, or empty when the supervisor may trace it. */
    Optional<String> problemWith(StartFfiInfo info, RemoteMemory memory) {
        Optional<String> thread = ChildThreads.problemWith(pid, info.tid());
        if (thread.isPresent()) {
            return thread;
        }
        if (info.pageSize() != pageSize) {
            return Optional.of("page size " + info.pageSize() + " differs from the system's " + pageSize);
        }
        if (info.pagePtrs().size() > MAX_PAGES) {
            return Optional.of(info.pagePtrs().size() + " pages exceed the limit of " + MAX_PAGES);
        }
        if (maps == null) {
            maps = ProcMaps.of(pid);
        }
        Optional<String> problem = problemWithMappings(info, memory);
        if (problem.isPresent()) {
            // the child may have mapped more arena since the map was read: judge on a fresh one
            maps = ProcMaps.of(pid);
            problem = problemWithMappings(info, memory);
        }
        return problem;
    }

    private Optional<String> problemWithMappings(StartFfiInfo info, RemoteMemory memory) {
        List<Mapping> arena = maps.mappings().stream().filter(m -> m.path().startsWith(ChildContract.ARENA_MAPPING)).toList();
        for (long page : info.pagePtrs()) {
            if ((page & (pageSize - 1)) != 0) {
                return Optional.of("page address 0x" + Long.toHexString(page) + " is not page-aligned");
            }
            if (arena.stream().noneMatch(m -> m.contains(page))) {
                return Optional.of("page 0x" + Long.toHexString(page) + " is not in the child's traced arena");
            }
            if (info.aliasDelta() != 0 && fileOffset(arena, page + info.aliasDelta()) != fileOffset(arena, page)) {
                // displaced execution writes through the alias: it must be the very same memory
                return Optional.of("page 0x" + Long.toHexString(page) + " + alias delta 0x"
                        + Long.toHexString(info.aliasDelta()) + " is not the same arena memory");
            }
        }
        Optional<String> scratch = problemWithScratchArea(info.gadgetPtr());
        if (scratch.isPresent()) {
            return scratch;
        }
        byte[] gadget = memory.read(info.gadgetPtr(), ChildContract.SYSCALL_GADGET.length);
        if (!Arrays.equals(gadget, ChildContract.SYSCALL_GADGET)) {
            return Optional.of("scratch area 0x" + Long.toHexString(info.gadgetPtr()) + " does not start with the syscall gadget");
        }
        return Optional.empty();
    }

    /**
     * The tracer writes code into the scratch area and runs it: it must be one whole private, anonymous,
     * readable, writable and executable mapping of the child, the size the contract says.
     */
    private Optional<String> problemWithScratchArea(long start) {
        String where = "scratch area 0x" + Long.toHexString(start);
        if ((start & (pageSize - 1)) != 0) {
            return Optional.of(where + " is not page-aligned");
        }
        Optional<Mapping> mapping = maps.find(start);
        if (mapping.isEmpty()) {
            return Optional.of(where + " is not mapped in the child");
        }
        Mapping m = mapping.get();
        if (!m.perms().equals("rwxp") || m.fileBacked() || !m.path().isEmpty()) {
            return Optional.of(where + " is not private anonymous read-write-execute memory (" + m.perms()
                    + (m.path().isEmpty() ? "" : " " + m.path()) + ")");
        }
        if (m.end() - start < ChildContract.SCRATCH_BYTES) {
            return Optional.of(where + " is shorter than " + ChildContract.SCRATCH_BYTES + " bytes");
        }
        return Optional.empty();
    }

    /** The arena file offset mapped at {@code address}, -1 when no arena mapping holds it. */
    private static long fileOffset(List<Mapping> arena, long address) {
        return arena.stream().filter(m -> m.contains(address)).findFirst()
                .map(m -> m.offset() + (address - m.start())).orElse(-1L);
    }
}
