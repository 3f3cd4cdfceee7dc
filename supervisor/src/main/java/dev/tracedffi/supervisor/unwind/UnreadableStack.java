package dev.tracedffi.supervisor.unwind;

/** A saved register or return address lies in memory the reader could not read. */
final class UnreadableStack extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final long address;

    UnreadableStack(long address) {
        super("cannot read 0x" + Long.toHexString(address), null, false, false);
        this.address = address;
    }
}
