package dev.tracedffi.supervisor.unwind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracedffi.supervisor.elf.DebugFiles;
import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import dev.tracedffi.supervisor.x86.RegisterFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Steps out of glibc's signal trampoline {@code __restore_rt} with libc's real call-frame information
 * (a signal frame: CFA and every register from DWARF expressions over the saved ucontext), in this
 * JVM's own libc mapping, over a ucontext laid out as the kernel writes it.
 */
class SignalFrameTest {

    private static final int GREGS = 40; // offsetof(ucontext_t, uc_mcontext.gregs)
    private static final int REG_RBP = 10;
    private static final int REG_RSP = 15;
    private static final int REG_RIP = 16;

    @Test
    void unwindsThroughTheSignalTrampoline() throws Exception {
        ProcMaps maps = ProcMaps.of(ProcessHandle.current().pid());
        Optional<Mapping> libcText = maps.mappings().stream()
                .filter(m -> m.shortName().equals("libc.so.6") && m.executable()).findFirst();
        assumeTrue(libcText.isPresent(), "this JVM has no libc.so.6 mapping");
        ElfFile libc = ElfFile.read(Path.of(libcText.get().path()));
        Optional<Path> debug = DebugFiles.system().find(libc);
        assumeTrue(debug.isPresent(), "libc6-dbg is not installed: __restore_rt is a local symbol");
        ElfFile symbols = ElfFile.read(debug.get());
        long restoreVaddr = symbols.symbols().stream().filter(s -> s.name().equals("__restore_rt")).findFirst()
                .orElseThrow().value();
        long qsortVaddr = symbols.symbols().stream().filter(s -> s.name().equals("qsort_r")).findFirst()
                .orElseThrow().value();
        Mapping text = libcText.get();
        long restore = runtime(libc, text, restoreVaddr);
        long interrupted = runtime(libc, text, qsortVaddr) + 9;

        long sp = 0x7f00_0000_0000L;
        long savedSp = 0x7f00_0001_0000L;
        Map<Long, Long> words = new HashMap<>();
        for (int register = 0; register <= REG_RIP; register++) {
            words.put(sp + GREGS + 8L * register, 0x100L * register); // the trampoline restores every register
        }
        words.put(sp + GREGS + 8L * REG_RSP, savedSp);
        words.put(sp + GREGS + 8L * REG_RIP, interrupted);
        words.put(sp + GREGS + 8L * REG_RBP, 0x1234L);
        MemoryReader memory = (address, length) -> {
            Long word = words.get(address);
            if (word == null || length < 8) {
                return new byte[0];
            }
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (word >>> (8 * i));
            }
            return bytes;
        };

        NativeStack stack = new NativeUnwinder().unwind(registers(restore, sp), memory, maps, 8);

        assertThat(stack.frames()).as(stack.stop() + ": " + stack.detail()).hasSizeGreaterThanOrEqualTo(2);
        NativeFrame trampoline = stack.frames().get(0);
        NativeFrame caller = stack.frames().get(1);
        assertThat(trampoline.vaddr()).isEqualTo(restoreVaddr);
        assertThat(trampoline.cfa()).as("CFA = the interrupted rsp").isEqualTo(savedSp);
        assertThat(caller.pc()).as("the interrupted instruction").isEqualTo(interrupted);
        assertThat(caller.returnAddress()).as("after a signal frame the pc is exact, not a return address").isFalse();
        assertThat(caller.lookupVaddr()).isEqualTo(qsortVaddr + 9);
    }

    private static long runtime(ElfFile elf, Mapping text, long vaddr) {
        ElfFile.LoadSegment segment = elf.loadSegments().stream()
                .filter(s -> vaddr >= s.vaddr() && vaddr < s.vaddr() + s.memSize()).findFirst().orElseThrow();
        long fileOffset = vaddr - segment.vaddr() + segment.offset();
        return text.start() + fileOffset - text.offset();
    }

    private static RegisterFile registers(long rip, long rsp) {
        return new RegisterFile() {
            @Override
            public long gpr(int encodingIndex) {
                return encodingIndex == 4 ? rsp : 0;
            }

            @Override
            public long rip() {
                return rip;
            }

            @Override
            public long fsBase() {
                return 0;
            }

            @Override
            public long gsBase() {
                return 0;
            }
        };
    }
}
