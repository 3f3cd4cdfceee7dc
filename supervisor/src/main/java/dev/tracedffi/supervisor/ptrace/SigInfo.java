package dev.tracedffi.supervisor.ptrace;

import jnr.ffi.Pointer;

/**
 * The fields of a {@code siginfo_t} the tracer reads: for SIGSEGV/SIGBUS the fault address, for a
 * signal sent with kill/tgkill/sigqueue the sender, and for a queued signal its value.
 */
public record SigInfo(int signo, int code, long faultAddress, int senderPid, long value) {

    public static final int SIZE = 128;

    /** si_code of a signal sent by tkill/tgkill. */
    public static final int SI_TKILL = -6;
    /** si_code of a signal sent with a value (sigqueue, rt_tgsigqueueinfo). */
    public static final int SI_QUEUE = -1;

    static SigInfo read(Pointer buffer) {
        // si_signo @0, si_errno @4, si_code @8; the union starts @16: si_addr, or si_pid @16, si_uid @20
        // and for a queued signal si_value @24
        long union = buffer.getLong(16);
        return new SigInfo(buffer.getInt(0), buffer.getInt(8), union, (int) union, buffer.getLong(24));
    }
}
