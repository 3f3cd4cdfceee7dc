package dev.tracedffi.supervisor.x86;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.tracedffi.supervisor.elf.ElfFile;

/**
 * Tells whether tracedffi understands every instruction of a library:
 * {@code java -cp tracedffi-supervisor.jar dev.tracedffi.supervisor.x86.Audit <elf-file> [--dump]}.
 * Without --dump it prints counts and the most frequent unknown opcodes; with --dump one line per
 * instruction: {@code <hex address> <length> <operands>} (see {@link OperandNotation}).
 */
public final class Audit {

    private static final int TOP_UNKNOWN = 20;

    private Audit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean dump = false;
        Path file = null;
        for (String arg : args) {
            if (arg.equals("--dump")) {
                dump = true;
            } else if (file == null && !arg.startsWith("-")) {
                file = Path.of(arg);
            } else {
                file = null;
                break;
            }
        }
        if (file == null) {
            err.println("usage: java -cp <classpath> dev.tracedffi.supervisor.x86.Audit <elf-file> [--dump]");
            return 2;
        }
        ElfFile elf;
        try {
            elf = ElfFile.read(file);
        } catch (IOException e) {
            err.println("audit: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        if (dump) {
            return dump(elf, out, err);
        }
        AuditReport report = new AuditReport();
        LibrarySweep.sweep(elf, report::add);
        out.print(report.format(elf, TOP_UNKNOWN));
        out.flush();
        return 0;
    }

    private static int dump(ElfFile elf, PrintStream out, PrintStream err) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
        try {
            LibrarySweep.sweep(elf, insn -> {
                try {
                    writer.write(Long.toHexString(insn.address()));
                    writer.write(' ');
                    writer.write(Integer.toString(insn.length()));
                    writer.write(' ');
                    writer.write(OperandNotation.of(insn));
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("audit: cannot write the dump: " + e.getMessage());
            return 1;
        }
    }
}
