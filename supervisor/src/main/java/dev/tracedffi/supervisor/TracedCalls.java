package dev.tracedffi.supervisor;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.CallConfirmation;
import dev.tracedffi.protocol.InstructionInfo;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.MessageLimits;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.symbols.Symbolizer;
import dev.tracedffi.supervisor.trace.CallTrace;
import dev.tracedffi.supervisor.trace.CallTracer;
import dev.tracedffi.supervisor.trace.CodeOrigin;
import dev.tracedffi.supervisor.trace.FirstAccess;
import dev.tracedffi.supervisor.trace.JvmCodeHeap;
import dev.tracedffi.supervisor.trace.NativeStacks;
import dev.tracedffi.supervisor.trace.UnseizedThreads;
import dev.tracedffi.supervisor.trace.RemoteMemory;
import dev.tracedffi.supervisor.trace.TrampolineCache;
import dev.tracedffi.supervisor.x86.IntelSyntax;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The traced calls of one child, each from its StartFfi request to the events sent back. One call,
 * top to bottom ({@link #trace}):
 * <ol>
 *   <li>validate the request: never seize a thread or touch memory the child does not own;
 *   <li>seize every thread of the child, the calling one first, then confirm with the end marker's
 *       nonce: the child closes the arena right after the confirmation, and an access by an untraced
 *       thread would kill it;
 *   <li>the child protects its pages, calls, restores them, and raises the end marker; meanwhile the
 *       tracer follows every stop ({@link CallTracer}) and never blocks on the socket;
 *   <li>while the child still lives, read its memory map to tell native code's accesses from the JVM's
 *       and to name each instruction; a dead child's map is gone;
 *   <li>send the events, or, if the call did not complete, record how it ended.
 * </ol>
 * Runs on the tracer thread: every ptrace request for the child comes from it.
 */
final class TracedCalls {

    private final int pid;
    private final ChildSpec spec;
    private final Ptrace ptrace;
    private final Symbolizer symbolizer;
    private final BooleanSupplier timedOut;
    private final RemoteMemory memory;
    private final StartFfiValidator validator;
    /** The child's trampolines outlive each call: its scratch page is the same for all of them. */
    private final TrampolineCache trampolines = new TrampolineCache();
    private final List<CallRecord> records = new CopyOnWriteArrayList<>();
    /** Buffers up to this size are shown byte by byte in reports, with their values after the call. */
    private static final int MAX_CAPTURED_BUFFER = 4096;
    private static final long MAX_CONTENT_BYTES = 256 << 10;
    private final JvmCodeHeap codeHeap;
    private final UnseizedThreads unseized;
    private final NativeStacks stacks;
    /** The end marker's nonce: unguessable, so no signal the child sends by chance is taken for it. */
    private final SecureRandom nonces = new SecureRandom();
    private volatile int callingTid;
    private CrashReport crash;
    private String hangLocation;

    /**
     * @param codeHeap    the JVM's generated code, found at the handshake
     * @param sentinelTid the child's seized exit sentinel, 0 if it has none
     */
    TracedCalls(int pid, ChildSpec spec, Ptrace ptrace, Symbolizer symbolizer, BooleanSupplier timedOut,
                JvmCodeHeap codeHeap, int sentinelTid) {
        this.codeHeap = codeHeap;
        this.unseized = new UnseizedThreads(pid, sentinelTid);
        this.stacks = new NativeStacks(symbolizer, codeHeap);
        this.pid = pid;
        this.spec = spec;
        this.ptrace = ptrace;
        this.symbolizer = symbolizer;
        this.timedOut = timedOut;
        this.memory = new RemoteMemory(pid);
        this.validator = new StartFfiValidator(pid, Syscalls.get().pageSize());
    }

    /** Traces the call {@code info} asks for; returns false when the child did not survive it. */
    boolean trace(StartFfiInfo info, MessageChannel channel) throws IOException {
        Optional<String> problem = validator.problemWith(info, memory);
        if (problem.isPresent()) {
            channel.send(new Refusal(problem.get()));
            return true;
        }
        if (!spec.traced()) {
            channel.send(new Refusal("this child runs untraced (isolation only)"));
            return true;
        }
        long nonce = nonces.nextLong();
        CallTracer tracer = new CallTracer(ptrace, pid, info, symbolizer, timedOut, spec.strategy(), trampolines,
                codeHeap, unseized, nonce, stacks);
        try {
            tracer.attach();
        } catch (LinuxException e) {
            tracer.killAndReap(); // a thread seized before the failure must not stay our tracee
            channel.send(new Refusal("cannot trace thread " + info.tid() + ": " + e.getMessage()));
            return false;
        }
        callingTid = (int) info.tid();
        CallTrace trace;
        try {
            channel.send(new CallConfirmation(nonce));
            trace = tracer.trace();
        } catch (IOException | RuntimeException | Error e) {
            // a half-traced call cannot be trusted to continue: give up on this child
            tracer.killAndReap();
            records.add(new CallRecord(info, new MemEvents(List.of()), List.of(), CallRecord.Ending.ABANDONED, Map.of()));
            throw e;
        } finally {
            callingTid = 0;
        }
        ProcMaps maps = trace.events().isEmpty() ? ProcMaps.empty() : ProcMaps.of(pid);
        List<String> warnings = new ArrayList<>(trace.warnings());
        List<AccessEvent> nativeAccesses = CodeOrigin.nativeAccesses(trace.events(), maps, codeHeap, warnings);
        MemEvents events = new MemEvents(nativeAccesses, instructions(nativeAccesses, trace.firstAccesses(), maps));
        Map<Long, byte[]> contents = trace.ending() == CallRecord.Ending.COMPLETED ? contentsAfter(info) : Map.of();
        records.add(new CallRecord(info, events, warnings, trace.ending(), instructionNames(maps, events), contents));
        trace.crash().ifPresent(report -> crash = report);
        trace.hangLocation().ifPresent(where -> hangLocation = where);
        if (trace.ending() == CallRecord.Ending.COMPLETED) {
            channel.sendEvents(events);
            return true;
        }
        if (trace.ending() == CallRecord.Ending.EXECVE) {
            // a failed execve returns into the call, which then waits for its events; a successful one
            // closes the socket (close-on-exec), and the session ends when the new program does
            try {
                channel.sendEvents(events);
                return true;
            } catch (IOException replaced) {
                return false;
            }
        }
        return false;
    }

    /**
     * The bytes of each small buffer after the call, for the reports' hex dumps; read while the child
     * waits for its events (its arena is open again), at most {@value #MAX_CONTENT_BYTES} bytes in all.
     */
    private Map<Long, byte[]> contentsAfter(StartFfiInfo info) {
        Map<Long, byte[]> contents = new HashMap<>();
        long budget = MAX_CONTENT_BYTES;
        for (AllocationInfo allocation : info.allocations()) {
            long size = allocation.range().size();
            if (allocation.freed() || size > MAX_CAPTURED_BUFFER || size > budget) {
                continue;
            }
            contents.put(allocation.range().addr(), memory.read(allocation.range().addr(), (int) size));
            budget -= size;
        }
        return contents;
    }

    /**
     * What the child and the reports show of each instruction that made one of {@code events}, once per
     * ip, in the order of their first events: Intel syntax and the stack at its first access, symbolized
     * while the child's map exists. Syscalls' kernel accesses have none.
     */
    private List<InstructionInfo> instructions(List<AccessEvent> events, Map<Long, FirstAccess> firstAccesses,
                                               ProcMaps maps) {
        LinkedHashSet<Long> ips = new LinkedHashSet<>();
        events.forEach(event -> ips.add(event.ip()));
        List<InstructionInfo> instructions = new ArrayList<>();
        for (long ip : ips) {
            FirstAccess first = firstAccesses.get(ip);
            if (first == null) {
                continue;
            }
            if (instructions.size() == MessageLimits.MAX_INSTRUCTIONS) {
                break;
            }
            String text = first.insn().known() ? IntelSyntax.format(first.insn()) : "";
            List<String> stack = first.stack().map(s -> stacks.lines(s, maps)).orElse(List.of());
            instructions.add(new InstructionInfo(ip, text, stack));
        }
        return instructions;
    }

    /** Symbolizes each instruction that made an access, while the child's memory map still exists. */
    private Map<Long, String> instructionNames(ProcMaps maps, MemEvents events) {
        Map<Long, String> names = new HashMap<>();
        if (maps.mappings().isEmpty()) {
            return names;
        }
        for (AccessEvent event : events.accEvents()) {
            names.computeIfAbsent(event.ip(), ip -> symbolizer.symbolize(maps, ip));
        }
        return names;
    }

    /** The thread inside a traced call right now, 0 when none; read from other threads. */
    int callingTid() {
        return callingTid;
    }

    /** Whether a call ended in an execve: the child may be another program now. */
    boolean calledExecve() {
        return records.stream().anyMatch(call -> call.ending() == CallRecord.Ending.EXECVE);
    }

    List<CallRecord> records() {
        return records;
    }

    /** The calls recorded until now, which are then forgotten: the next main of a kept child has its own. */
    List<CallRecord> takeRecords() {
        List<CallRecord> taken = List.copyOf(records);
        records.clear();
        return taken;
    }

    Optional<CrashReport> crash() {
        return Optional.ofNullable(crash);
    }

    Optional<String> hangLocation() {
        return Optional.ofNullable(hangLocation);
    }
}
