package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.unwind.NativeStack;
import dev.tracedffi.supervisor.x86.Instruction;

import java.util.Optional;

/** Where an instruction first accessed tracked memory in a call: the instruction, and the stack there if it was unwound. */
public record FirstAccess(Instruction insn, Optional<NativeStack> stack) {
}
