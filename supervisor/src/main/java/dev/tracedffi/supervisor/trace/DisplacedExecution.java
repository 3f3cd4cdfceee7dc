package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.StringOp;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Makes a faulting instruction execute with one ptrace stop: it runs from a trampoline in the
 * child's gadget page, re-encoded to touch the arena's always read-write alias view (view B = view A
 * + delta) instead of the PROT_NONE view A, followed by a jump back to the next instruction. No
 * mprotect, no single-step; flags and registers are what the original instruction leaves.
 *
 * <p>An instruction with one explicit memory operand gets its displacement moved by the delta. A
 * string instruction keeps its bytes: rsi/rdi are moved into view B before it and back by
 * {@code lea} (which leaves the flags alone) after it. Everything else takes the single-step path:
 * control transfers, implicit stack operands, VSIB, 32-bit addressing, conditional {@code repe/repne}
 * (where they stop depends on the data, so the events need the registers after them), and any access
 * that is not entirely inside tracked pages (view B is only guaranteed behind those).
 */
final class DisplacedExecution implements InstructionExecution {

    /** Trampoline variants: an operand moved in the encoding, or string registers moved around it. */
    private static final int MOVED_OPERAND = 0;
    private static final int SHIFTED_RSI = 1;
    private static final int SHIFTED_RDI = 2;

    private final Ptrace ptrace;
    private final TrampolineCache trampolines;
    private final RemoteMemory memory;
    private final TrackedPages tracked;
    private final EventLog log;
    private final SingleStepExecution fallback;
    private final LongFunction<String> describe;
    private final long delta;

    DisplacedExecution(TracedThreads threads, TrampolineCache trampolines, RemoteMemory memory, TrackedPages tracked,
                       EventLog log, SingleStepExecution fallback, LongFunction<String> describe, StartFfiInfo info) {
        this.ptrace = threads.ptrace();
        this.trampolines = trampolines;
        this.memory = memory;
        this.tracked = tracked;
        this.log = log;
        this.fallback = fallback;
        this.describe = describe;
        this.delta = info.aliasDelta();
        trampolines.beginCall(info.gadgetPtr(), delta);
    }

    /** Whether the alias view can be reached by a disp32 and a {@code lea} in both directions. */
    static boolean usable(StartFfiInfo info) {
        long delta = info.aliasDelta();
        return delta != 0 && delta == (int) delta && -delta == (int) -delta;
    }

    @Override
    public Optional<Fault> execute(Fault fault) {
        if (fault.inTrampoline()) {
            // the relocated instruction reached a tracked page its decoded operands did not name; its
            // events were recorded when it was redirected, so it is only re-run the single-step way
            log.warn("instruction at " + describe.apply(fault.original().rip()) + " touched tracked page 0x"
                    + Long.toHexString(tracked.pageOf(fault.faultAddress())) + " beyond its decoded operands");
            return fallback.execute(fault, false);
        }
        Registers at = fault.regs();
        Instruction insn = fault.insn();
        List<OperandBytes.Access> accesses = OperandBytes.of(insn, at, at, k -> ptrace.getOpmask(fault.tid(), k));
        Optional<Registers> redirected = redirect(insn, at, accesses);
        if (redirected.isEmpty()) {
            return fallback.execute(fault);
        }
        // events from the registers at the fault are final: only repe/repne (never redirected) stop on data
        log.recordAccesses(fault.tid(), at.rip(), accesses);
        ptrace.setRegs(fault.tid(), redirected.get());
        return Optional.empty();
    }

    /**
     * The registers that make the thread run {@code insn} from its trampoline and continue after it, or
     * empty when it must be single-stepped.
     */
    private Optional<Registers> redirect(Instruction insn, Registers at, List<OperandBytes.Access> accesses) {
        if (!insn.known() || insn.controlTransfer() || accesses.isEmpty()) {
            return Optional.empty();
        }
        return insn.stringOp() != null ? redirectString(insn, at, accesses) : redirectOperand(insn, at, accesses);
    }

    /**
     * For a thread stopped in a trampoline: the registers that put it back on the original instruction
     * (string registers moved back to view A), or empty when {@code at} is not in a trampoline.
     */
    static Optional<Registers> undo(TrampolineCache trampolines, long delta, Registers at) {
        TrampolineCache.Entry entry = trampolines.at(at.rip());
        if (entry == null) {
            return Optional.empty();
        }
        Registers back = at.copy();
        back.setRip(entry.key().rip());
        int variant = entry.key().variant();
        if ((variant & SHIFTED_RSI) != 0) {
            back.setGpr(Registers.RSI, back.gpr(Registers.RSI) - delta);
        }
        if ((variant & SHIFTED_RDI) != 0) {
            back.setGpr(Registers.RDI, back.gpr(Registers.RDI) - delta);
        }
        return Optional.of(back);
    }

    private Optional<Registers> redirectOperand(Instruction insn, Registers at, List<OperandBytes.Access> accesses) {
        if (insn.memOperands().size() != 1) {
            return Optional.empty();
        }
        MemOperand op = insn.memOperands().get(0);
        for (OperandBytes.Access access : accesses) {
            if (!tracked.covers(access.range())) {
                return Optional.empty();
            }
        }
        long next = insn.address() + insn.length();
        Optional<Long> trampoline = trampoline(new TrampolineCache.Key(insn.address(), MOVED_OPERAND), insn, address -> {
            byte[] moved = InstructionRelocator.relocate(insn, op, delta, address);
            return moved == null ? null : code(moved, jump(address + moved.length, next));
        });
        return trampoline.map(address -> {
            Registers redirected = at.copy();
            redirected.setRip(address);
            return redirected;
        });
    }

    private Optional<Registers> redirectString(Instruction insn, Registers at, List<OperandBytes.Access> accesses) {
        StringOp op = insn.stringOp();
        if (op.rep() == StringOp.Rep.REPE || op.rep() == StringOp.Rep.REPNE
                || op.kind() == StringOp.Kind.INS || op.kind() == StringOp.Kind.OUTS) {
            return Optional.empty();
        }
        int variant = 0;
        for (OperandBytes.Access access : accesses) {
            MemOperand operand = access.operand();
            if (!operand.implicit() || operand.addressSize() != 64 || operand.base() != Registers.RSI && operand.base() != Registers.RDI) {
                return Optional.empty();
            }
            if (tracked.covers(access.range())) {
                variant |= operand.base() == Registers.RSI ? SHIFTED_RSI : SHIFTED_RDI;
            } else if (tracked.overlaps(access.range())) {
                return Optional.empty();
            }
        }
        if (variant == 0) {
            return Optional.empty();
        }
        int shifted = variant;
        long next = insn.address() + insn.length();
        Optional<Long> trampoline = trampoline(new TrampolineCache.Key(insn.address(), variant), insn, address -> {
            byte[] body = code(insn.bytes(),
                    (shifted & SHIFTED_RSI) != 0 ? leaMinusDelta(Registers.RSI) : new byte[0],
                    (shifted & SHIFTED_RDI) != 0 ? leaMinusDelta(Registers.RDI) : new byte[0]);
            return code(body, jump(address + body.length, next));
        });
        return trampoline.map(address -> {
            Registers redirected = at.copy();
            redirected.setRip(address);
            if ((shifted & SHIFTED_RSI) != 0) {
                redirected.setGpr(Registers.RSI, at.gpr(Registers.RSI) + delta);
            }
            if ((shifted & SHIFTED_RDI) != 0) {
                redirected.setGpr(Registers.RDI, at.gpr(Registers.RDI) + delta);
            }
            return redirected;
        });
    }

    /** The cached trampoline for {@code key}, or a new one built for its slot address and written there. */
    private Optional<Long> trampoline(TrampolineCache.Key key, Instruction insn, LongFunction<byte[]> build) {
        byte[] original = insn.bytes();
        TrampolineCache.Entry cached = trampolines.find(key, original);
        if (cached != null) {
            return Optional.of(cached.address());
        }
        OptionalLong slot = trampolines.nextAddress();
        if (slot.isEmpty()) {
            return Optional.empty(); // every slot may be in use by a thread of this call
        }
        long address = slot.getAsLong();
        byte[] code = build.apply(address);
        if (code == null || code.length > TrampolineCache.SLOT_SIZE) {
            return Optional.empty();
        }
        memory.write(address, code);
        trampolines.store(key, original);
        return Optional.of(address);
    }

    /** {@code lea reg, [reg - delta]}: moves a string register back to view A without touching the flags. */
    private byte[] leaMinusDelta(int register) {
        int modrm = 0x80 | (register << 3) | register; // mod = 10 (disp32), reg = rm = the register
        long disp = -delta;
        return new byte[] {0x48, (byte) 0x8d, (byte) modrm,
                (byte) disp, (byte) (disp >>> 8), (byte) (disp >>> 16), (byte) (disp >>> 24)};
    }

    /** {@code jmp rel32} from {@code from} to {@code to} when in range, else {@code jmp [rip+0]; dq to}. */
    static byte[] jump(long from, long to) {
        long rel = to - (from + 5);
        if (rel == (int) rel) {
            return new byte[] {(byte) 0xe9, (byte) rel, (byte) (rel >>> 8), (byte) (rel >>> 16), (byte) (rel >>> 24)};
        }
        byte[] far = new byte[14];
        far[0] = (byte) 0xff;
        far[1] = 0x25;
        for (int i = 0; i < 8; i++) {
            far[6 + i] = (byte) (to >>> (8 * i));
        }
        return far;
    }

    private static byte[] code(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TrampolineCache.SLOT_SIZE);
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
