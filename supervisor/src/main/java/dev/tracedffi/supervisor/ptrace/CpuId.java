package dev.tracedffi.supervisor.ptrace;

import dev.tracedffi.linux.Syscalls;
import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import jnr.ffi.Pointer;

/**
 * The {@code cpuid} instruction, for facts only the CPU knows (where the XSAVE layout puts each state
 * component differs between vendors). Java cannot execute cpuid, so a six-instruction function is
 * written into an executable page once and called through jffi.
 */
final class CpuId {

    /** push rbx; mov eax, edi; mov ecx, esi; cpuid; mov eax, ebx; pop rbx; ret */
    private static final byte[] CPUID_EBX = {
            0x53, (byte) 0x89, (byte) 0xf8, (byte) 0x89, (byte) 0xf1, 0x0f, (byte) 0xa2,
            (byte) 0x89, (byte) 0xd8, 0x5b, (byte) 0xc3};

    private static long function;

    private CpuId() {
    }

    /** EBX of {@code cpuid(leaf, subleaf)}. */
    static synchronized int ebx(int leaf, int subleaf) {
        if (function == 0) {
            Syscalls sys = Syscalls.get();
            long page = sys.pageSize();
            long code = sys.mmap(0, page, Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                    Syscalls.MAP_PRIVATE | Syscalls.MAP_ANONYMOUS, -1, 0);
            Pointer.wrap(sys.runtime(), code).put(0, CPUID_EBX, 0, CPUID_EBX.length);
            sys.mprotect(code, page, Syscalls.PROT_READ | Syscalls.PROT_EXEC);
            function = code;
        }
        CallContext context = CallContext.getCallContext(Type.SINT32, new Type[] {Type.SINT32, Type.SINT32},
                CallingConvention.DEFAULT, false);
        return Invoker.getInstance().invokeI2(context, function, leaf, subleaf);
    }
}
