package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Steps to the caller of code that has no call-frame information. Frames above the innermost follow
 * the rbp chain ([rbp] = caller's rbp, [rbp+8] = return address). The innermost frame may have
 * stopped anywhere, so its function's first bytes decide: before or inside a {@code push rbp; mov
 * rbp, rsp} prologue the return address is still at rsp or rsp+8; a function that has no such
 * prologue (gcc omits the frame pointer of leaf functions even with -fno-omit-frame-pointer) keeps
 * it at [rsp] as long as it does not move rsp, the best guess without unwind tables.
 */
final class FramePointerFallback {

    private static final byte[] PUSH_RBP_MOV_RBP_RSP = {0x55, 0x48, (byte) 0x89, (byte) 0xE5};
    private static final byte[] ENDBR64 = {(byte) 0xF3, 0x0F, 0x1E, (byte) 0xFA};

    private FramePointerFallback() {
    }

    /** The caller's CFA and registers, or null when nothing plausible is found. */
    static Frame step(ElfFile elf, long lookup, boolean innermost, long pc, DwarfRegisters regs, MemoryReader memory,
                      ProcMaps maps) {
        if (!regs.known(DwarfRegisters.RSP)) {
            return null;
        }
        long rsp = regs.get(DwarfRegisters.RSP);
        if (innermost) {
            Optional<ElfFile.Symbolized> function = elf.symbolize(lookup);
            if (function.isPresent()) {
                long start = pc - function.get().offset();
                byte[] head = memory.read(start, 8);
                int prologue = startsWith(head, 0, ENDBR64) ? 4 : 0;
                long inFunction = function.get().offset();
                if (startsWith(head, prologue, PUSH_RBP_MOV_RBP_RSP)) {
                    if (inFunction <= prologue) {
                        return atStackTop(rsp, 0, regs, memory);
                    }
                    if (inFunction < prologue + 4) {
                        return atStackTop(rsp, 8, regs, memory);
                    }
                } else {
                    return atStackTop(rsp, 0, regs, memory);
                }
            }
        }
        return rbpChain(regs, memory, maps, rsp);
    }

    record Frame(long cfa, DwarfRegisters caller) {
    }

    /** The return address at rsp + offset; rbp is pushed at rsp when offset is 8. */
    private static Frame atStackTop(long rsp, int offset, DwarfRegisters regs, MemoryReader memory) {
        OptionalLong returnAddress = memory.readWord(rsp + offset);
        if (returnAddress.isEmpty()) {
            throw new UnreadableStack(rsp + offset);
        }
        DwarfRegisters caller = new DwarfRegisters();
        if (offset == 8) {
            caller.set(DwarfRegisters.RBP, memory.readWord(rsp).orElseThrow(() -> new UnreadableStack(rsp)));
        } else if (regs.known(DwarfRegisters.RBP)) {
            caller.set(DwarfRegisters.RBP, regs.get(DwarfRegisters.RBP));
        }
        long cfa = rsp + offset + 8;
        caller.set(DwarfRegisters.RETURN_ADDRESS, returnAddress.getAsLong());
        caller.set(DwarfRegisters.RSP, cfa);
        return new Frame(cfa, caller);
    }

    private static Frame rbpChain(DwarfRegisters regs, MemoryReader memory, ProcMaps maps, long rsp) {
        if (!regs.known(DwarfRegisters.RBP)) {
            return null;
        }
        long rbp = regs.get(DwarfRegisters.RBP);
        Optional<Mapping> stack = maps.find(rsp);
        if ((rbp & 7) != 0 || Long.compareUnsigned(rbp, rsp) < 0 || stack.isEmpty() || !stack.get().contains(rbp + 15)) {
            return null;
        }
        DwarfRegisters caller = new DwarfRegisters();
        caller.set(DwarfRegisters.RBP, memory.readWord(rbp).orElseThrow(() -> new UnreadableStack(rbp)));
        caller.set(DwarfRegisters.RETURN_ADDRESS, memory.readWord(rbp + 8).orElseThrow(() -> new UnreadableStack(rbp + 8)));
        caller.set(DwarfRegisters.RSP, rbp + 16);
        return new Frame(rbp + 16, caller);
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        return bytes.length >= at + prefix.length
                && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }
}
