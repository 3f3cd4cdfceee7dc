package dev.tracedffi.supervisor.trace;

import java.util.Optional;

/**
 * Makes an instruction that faulted on a tracked page execute on its real operands, records its
 * accesses, and leaves the thread stopped, ready to be resumed after the instruction.
 */
sealed interface InstructionExecution permits SingleStepExecution, DisplacedExecution {

    /**
     * Executes {@code fault}'s instruction; returns the fault that stopped it instead when the
     * instruction itself crashed on memory outside the tracked pages (a native crash).
     */
    Optional<Fault> execute(Fault fault);
}
