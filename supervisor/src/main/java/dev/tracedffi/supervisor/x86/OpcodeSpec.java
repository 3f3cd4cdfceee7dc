package dev.tracedffi.supervisor.x86;

/**
 * What one opcode (in one map, under one mandatory prefix and encoding) does to memory. Values that
 * differ by the W bit (REX.W, VEX.W, EVEX.W) are held twice, index 0 for W0 and 1 for W1.
 */
final class OpcodeSpec {

    /** Implicit operand shapes beside the ModRM operand. */
    enum Implicit { NONE, PUSH, POP, CALL, RET, FAR_RET, IRET, ENTER, LEAVE, MOFFS, STRING, XLAT }

    final String[] mnemonic;
    final OperandSize[] size;
    /** Element bytes for EVEX masking and broadcast, 0 when the element is the whole operand. */
    final int[] element;
    /** Null when the instruction has no memory access of its own (lea, nop, prefetch). */
    final Access access;
    final Implicit implicit;
    final StringOp.Kind stringKind;
    final boolean controlTransfer;
    final boolean lockable;
    /** Broadcast is forbidden even though the shape would allow it (moves, sign extensions). */
    final boolean noBroadcast;
    /** EVEX compressed disp8 scales by the element, not the operand (compress/expand). */
    final boolean dispScalesByElement;
    /** The memory form exists but its footprint is not static (bt with a register offset, xsave). */
    final boolean memoryFootprintUnknown;
    /** A reserved encoding: the CPU raises #UD. */
    final boolean undefined;
    /** Only valid with a memory operand (ModRM.mod != 3). */
    final boolean memoryOnly;
    /** Only valid with a register operand (ModRM.mod == 3). */
    final boolean registerOnly;

    OpcodeSpec(String[] mnemonic, OperandSize[] size, int[] element, Access access, Implicit implicit,
               StringOp.Kind stringKind, boolean controlTransfer, boolean lockable, boolean noBroadcast,
               boolean dispScalesByElement, boolean memoryFootprintUnknown, boolean undefined, boolean memoryOnly,
               boolean registerOnly) {
        this.mnemonic = mnemonic;
        this.size = size;
        this.element = element;
        this.access = access;
        this.implicit = implicit;
        this.stringKind = stringKind;
        this.controlTransfer = controlTransfer;
        this.lockable = lockable;
        this.noBroadcast = noBroadcast;
        this.dispScalesByElement = dispScalesByElement;
        this.memoryFootprintUnknown = memoryFootprintUnknown;
        this.undefined = undefined;
        this.memoryOnly = memoryOnly;
        this.registerOnly = registerOnly;
    }

    /** The same instruction under VEX/EVEX, where SSE mnemonics gain their "v". */
    OpcodeSpec vexNamed() {
        String[] names = new String[2];
        for (int w = 0; w < 2; w++) {
            names[w] = mnemonic[w].startsWith("v") ? mnemonic[w] : "v" + mnemonic[w];
        }
        return new OpcodeSpec(names, size, element, access, implicit, stringKind, controlTransfer, lockable,
                noBroadcast, dispScalesByElement, memoryFootprintUnknown, undefined, memoryOnly, registerOnly);
    }

    boolean hasMemoryOperand() {
        return access != null && size[0] != OperandSize.NONE;
    }
}
