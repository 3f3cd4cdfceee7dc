package dev.tracedffi.benchmarks;

import dev.tracedffi.supervisor.elf.ElfFile;
import dev.tracedffi.supervisor.x86.Instruction;
import dev.tracedffi.supervisor.x86.MemOperand;
import dev.tracedffi.supervisor.x86.X86Decoder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Throughput of the x86-64 decoder over a real library's .text (libc by default): a plain harness
 * (warm-up rounds, then measured rounds, median and spread) printing one table row per case, plus
 * the bytes allocated per decoded instruction. Run with
 * {@code java -cp <classpath> dev.tracedffi.benchmarks.DecoderBenchmark [elf-file]}.
 */
public final class DecoderBenchmark {

    private static final int WARMUP_ROUNDS = 15;
    private static final int MEASURED_ROUNDS = 9;

    /** One pass over the code; returns the number of instructions decoded. */
    private interface Pass {
        long run();
    }

    /** Folds every result into one printed number, so the JIT cannot discard the work. */
    private static long sink;

    private DecoderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/lib/x86_64-linux-gnu/libc.so.6");
        ElfFile elf = ElfFile.read(file);
        ElfFile.Section text = elf.section(".text").orElseThrow(() -> new IllegalArgumentException("no .text"));
        byte[] code = elf.bytes(text);
        long base = text.address();
        System.out.printf("%s .text: %,d bytes%n%n", file, code.length);

        System.out.printf("%-44s %16s %24s %14s%n", "case", "median", "min .. max", "bytes/insn");
        report("decode (length, operands)", () -> sweep(code, base, false));
        report("decode + effective address of every operand", () -> sweep(code, base, true));
        System.out.println();
        System.out.println("(checksum " + sink + ")");
    }

    private static long sweep(byte[] code, long base, boolean computeAddresses) {
        long count = 0;
        int position = 0;
        while (position < code.length) {
            Instruction insn = X86Decoder.decode(code, position, code.length - position, base + position);
            if (computeAddresses) {
                for (MemOperand op : insn.memOperands()) {
                    sink += op.effectiveAddress(FixedRegisters.INSTANCE);
                }
            } else {
                sink += insn.memOperands().size();
            }
            position += Math.max(1, insn.length());
            count++;
        }
        return count;
    }

    private static void report(String name, Pass pass) {
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            sink += pass.run();
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double[] rates = new double[MEASURED_ROUNDS];
        long allocated = 0;
        long instructions = 0;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            long decoded = pass.run();
            long elapsed = System.nanoTime() - start;
            allocated += threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            instructions += decoded;
            rates[round] = decoded * 1e9 / elapsed;
        }
        Arrays.sort(rates);
        System.out.printf("%-44s %,11.0f ins/s %,11.0f .. %,11.0f %14.1f%n", name, rates[rates.length / 2],
                rates[0], rates[rates.length - 1], (double) allocated / instructions);
    }

    /** A register file with fixed values: the benchmark measures address arithmetic, not ptrace. */
    private enum FixedRegisters implements dev.tracedffi.supervisor.x86.RegisterFile {
        INSTANCE;

        @Override
        public long gpr(int encodingIndex) {
            return 0x7f00_0000_0000L + encodingIndex * 0x100L;
        }

        @Override
        public long rip() {
            return 0x7f10_0000_0000L;
        }

        @Override
        public long fsBase() {
            return 0x7f20_0000_0000L;
        }

        @Override
        public long gsBase() {
            return 0;
        }
    }
}
