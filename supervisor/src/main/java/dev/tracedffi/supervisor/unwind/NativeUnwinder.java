package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.elf.MalformedDebugInfo;
import dev.tracedffi.supervisor.symbols.JniLibraries;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.unwind.NativeStack.Stop;
import dev.tracedffi.supervisor.x86.RegisterFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Unwinds the native stack of a stopped thread with each ELF file's .eh_frame call-frame information,
 * falling back to the rbp chain where a file has none for a pc. It stops at JVM code (the JNI
 * boundary), at code without a file (JIT code), and at anything it cannot read or does not
 * understand, saying so in {@link NativeStack#detail()}. Thread-safe; parsed files are cached.
 */
public final class NativeUnwinder {

    /** libjvm.so and the bindings' stub libraries (jffi's, JNA's jnidispatch): the JNI boundary. */
    public static final Predicate<Mapping> JVM_LIBRARIES = JniLibraries::isJniBoundary;

    private static final int[] CALLEE_SAVED = {3, 6, 12, 13, 14, 15}; // rbx, rbp, r12-r15

    static final int CACHED_FILES = 16;
    /**
     * Call-frame information for the whole JVM (every traced child is a new process), keyed by the parsed
     * file itself, for the {@value #CACHED_FILES} files used last.
     */
    private static final Map<ElfFile, Optional<CallFrameInfo>> FRAME_INFO = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ElfFile, Optional<CallFrameInfo>> eldest) {
            return size() > CACHED_FILES;
        }
    };

    private final Function<String, Optional<ElfFile>> elfFiles;
    private final Predicate<Mapping> jvmCode;

    /**
     * @param elfFiles the parsed ELF file of a mapping's path (share the symbolizer's cache); empty
     *                 when it cannot be read
     * @param jvmCode  mappings where native frames end (see {@link #JVM_LIBRARIES})
     */
    public NativeUnwinder(Function<String, Optional<ElfFile>> elfFiles, Predicate<Mapping> jvmCode) {
        this.elfFiles = elfFiles;
        this.jvmCode = jvmCode;
    }

    /** An unwinder that reads and caches ELF files itself and stops at {@link #JVM_LIBRARIES}. */
    public NativeUnwinder() {
        this(JVM_LIBRARIES);
    }

    /** An unwinder that reads and caches ELF files itself. */
    public NativeUnwinder(Predicate<Mapping> jvmCode) {
        this(cachingReader(), jvmCode);
    }

    private static Function<String, Optional<ElfFile>> cachingReader() {
        Map<String, Optional<ElfFile>> cache = new ConcurrentHashMap<>();
        return path -> cache.computeIfAbsent(path, p -> {
            try {
                return Optional.of(ElfFile.read(Path.of(p.replace(" (deleted)", ""))));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * @param registers the thread's registers where it stopped (rip is frame 0)
     * @param memory    the process's memory
     * @param maps      the process's current memory map
     * @param maxFrames at most this many frames
     */
    public NativeStack unwind(RegisterFile registers, MemoryReader memory, ProcMaps maps, int maxFrames) {
        List<NativeFrame> frames = new ArrayList<>();
        DwarfRegisters regs = DwarfRegisters.of(registers);
        boolean returnAddress = false;
        long previousCfa = 0;
        while (true) {
            long pc = regs.get(DwarfRegisters.RETURN_ADDRESS);
            if (pc == 0) {
                return new NativeStack(frames, Stop.END_OF_STACK, 0, "end of stack (return address 0)");
            }
            if (frames.size() >= maxFrames) {
                return new NativeStack(frames, Stop.MAX_FRAMES, pc, "stopped after " + maxFrames + " frames");
            }
            Optional<Mapping> found = maps.find(pc);
            if (found.isEmpty()) {
                return new NativeStack(frames, Stop.UNKNOWN_CODE, pc, "0x" + Long.toHexString(pc) + " is not mapped");
            }
            Mapping mapping = found.get();
            if (jvmCode.test(mapping)) {
                return new NativeStack(frames, Stop.JVM_BOUNDARY, pc,
                        "called from JVM code in " + mapping.shortName() + " (the JNI boundary)");
            }
            if (!mapping.fileBacked()) {
                return new NativeStack(frames, Stop.UNKNOWN_CODE, pc, "called from code in " + mapping.shortName()
                        + " memory at 0x" + Long.toHexString(pc) + " (JIT code?), which has no unwind information");
            }
            Optional<ElfFile> elf = elfFiles.apply(mapping.path());
            long vaddr = elf.map(e -> e.fileOffsetToVaddr(pc - mapping.start() + mapping.offset())).orElse(-1L);
            if (vaddr < 0) {
                return new NativeStack(frames, Stop.NO_UNWIND_INFO, pc, mapping.shortName() + " cannot be read as ELF");
            }
            long lookup = returnAddress ? vaddr - 1 : vaddr;
            Step step;
            try {
                step = step(elf.get(), lookup, frames.isEmpty(), pc, regs, memory, maps);
            } catch (UnreadableStack e) {
                frames.add(new NativeFrame(pc, 0, mapping, vaddr, returnAddress, NativeFrame.Source.NONE));
                return new NativeStack(frames, Stop.UNREADABLE_STACK, pc, "the stack at 0x" + Long.toHexString(e.address)
                        + " cannot be read");
            } catch (UnsupportedUnwindInfo | MalformedDebugInfo e) {
                frames.add(new NativeFrame(pc, 0, mapping, vaddr, returnAddress, NativeFrame.Source.NONE));
                return new NativeStack(frames, Stop.UNSUPPORTED_UNWIND_INFO, pc, mapping.shortName() + ": " + e.getMessage());
            }
            if (step == null) {
                frames.add(new NativeFrame(pc, 0, mapping, vaddr, returnAddress, NativeFrame.Source.NONE));
                return new NativeStack(frames, Stop.NO_UNWIND_INFO, pc, mapping.shortName()
                        + " has no call-frame information at 0x" + Long.toHexString(lookup) + " and no usable frame pointer");
            }
            if (step.caller == null) {
                frames.add(new NativeFrame(pc, step.cfa, mapping, vaddr, returnAddress, NativeFrame.Source.NONE));
                return new NativeStack(frames, Stop.END_OF_STACK, 0, "end of stack (outermost frame)");
            }
            frames.add(new NativeFrame(pc, step.cfa, mapping, vaddr, returnAddress, step.source));
            if (!step.signalFrame && frames.size() > 1 && Long.compareUnsigned(step.cfa, previousCfa) <= 0) {
                return new NativeStack(frames, Stop.NO_PROGRESS, pc, "the stack pointer did not move towards the caller at "
                        + mapping.shortName() + "+0x" + Long.toHexString(vaddr));
            }
            previousCfa = step.cfa;
            regs = step.caller;
            // after a signal frame the caller's pc is the interrupted instruction, not a return address
            returnAddress = !step.signalFrame;
        }
    }

    /** The caller's registers, or {@code caller == null} at the outermost frame; null when no rule applies. */
    private record Step(long cfa, DwarfRegisters caller, NativeFrame.Source source, boolean signalFrame) {
    }

    private Step step(ElfFile elf, long lookup, boolean innermost, long pc, DwarfRegisters regs,
                      MemoryReader memory, ProcMaps maps) {
        Optional<FrameDescription> fde = frameInfo(elf).flatMap(cfi -> cfi.find(lookup));
        if (fde.isPresent()) {
            return fromCallFrameInfo(fde.get(), lookup, regs, memory);
        }
        FramePointerFallback.Frame frame = FramePointerFallback.step(elf, lookup, innermost, pc, regs, memory, maps);
        return frame == null ? null : new Step(frame.cfa(), frame.caller(), NativeFrame.Source.FRAME_POINTER, false);
    }

    private static Optional<CallFrameInfo> frameInfo(ElfFile elf) {
        synchronized (FRAME_INFO) {
            return FRAME_INFO.computeIfAbsent(elf, file -> {
                try {
                    return CallFrameInfo.of(file);
                } catch (MalformedDebugInfo e) {
                    return Optional.empty();
                }
            });
        }
    }

    private static Step fromCallFrameInfo(FrameDescription fde, long lookup, DwarfRegisters regs, MemoryReader memory) {
        UnwindRow row = CfaProgram.rowAt(fde, lookup);
        long cfa = row.cfaExpression != null
                ? DwarfExpression.evaluate(row.cfaExpression, regs, memory, null)
                : regs.get(row.cfaRegister) + row.cfaOffset;
        DwarfRegisters caller = new DwarfRegisters();
        for (int register : CALLEE_SAVED) {
            if (regs.known(register)) {
                caller.set(register, regs.get(register));
            }
        }
        caller.set(DwarfRegisters.RSP, cfa);
        int returnRegister = fde.cie().returnAddressRegister();
        for (int register = 0; register < UnwindRow.REGISTERS; register++) {
            RegisterRule rule = row.rule(register);
            if (rule != null) {
                apply(rule, register, cfa, regs, caller, memory);
            }
        }
        RegisterRule returnRule = returnRegister < UnwindRow.REGISTERS ? row.rule(returnRegister) : null;
        if (returnRule == null || returnRule instanceof RegisterRule.Undefined || !caller.known(returnRegister)) {
            return new Step(cfa, null, NativeFrame.Source.NONE, fde.cie().signalFrame());
        }
        if (returnRegister != DwarfRegisters.RETURN_ADDRESS) {
            caller.set(DwarfRegisters.RETURN_ADDRESS, caller.get(returnRegister));
        }
        return new Step(cfa, caller, NativeFrame.Source.CALL_FRAME_INFO, fde.cie().signalFrame());
    }

    private static void apply(RegisterRule rule, int register, long cfa, DwarfRegisters regs, DwarfRegisters caller,
                              MemoryReader memory) {
        if (rule instanceof RegisterRule.Undefined) {
            caller.forget(register);
        } else if (rule instanceof RegisterRule.SameValue) {
            if (regs.known(register)) {
                caller.set(register, regs.get(register));
            }
        } else if (rule instanceof RegisterRule.Offset o) {
            caller.set(register, word(memory, cfa + o.offset()));
        } else if (rule instanceof RegisterRule.ValOffset v) {
            caller.set(register, cfa + v.offset());
        } else if (rule instanceof RegisterRule.InRegister r) {
            if (regs.known(r.register())) {
                caller.set(register, regs.get(r.register()));
            } else {
                caller.forget(register);
            }
        } else if (rule instanceof RegisterRule.Expression e) {
            caller.set(register, word(memory, DwarfExpression.evaluate(e.expression(), regs, memory, cfa)));
        } else if (rule instanceof RegisterRule.ValExpression e) {
            caller.set(register, DwarfExpression.evaluate(e.expression(), regs, memory, cfa));
        }
    }

    private static long word(MemoryReader memory, long address) {
        OptionalLong value = memory.readWord(address);
        if (value.isEmpty()) {
            throw new UnreadableStack(address);
        }
        return value.getAsLong();
    }
}
