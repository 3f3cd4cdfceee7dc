package dev.tracedffi.supervisor.unwind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** gdb's {@code bt} at the crash of {@code unwindee MODE}, as the oracle for the unwinder. */
final class GdbBacktrace {

    static final Path GDB = Path.of("/usr/bin/gdb");

    /**
     * One frame as gdb prints it. {@code pc} is -1 for an inlined frame (gdb prints no address for
     * those: they share the pc of the physical frame below them) and for a frame 0 at a line start.
     */
    record Frame(int level, long pc, String function, String file, int line) {
        boolean inlined() {
            return level > 0 && pc < 0;
        }
    }

    private static final Pattern FRAME = Pattern.compile(
            "^#(\\d+)\\s+(?:0x([0-9a-f]+) in )?(\\S+) \\(.*?\\)(?: at (\\S+):(\\d+))?(?: from \\S+)?$");

    private GdbBacktrace() {
    }

    static boolean available() {
        return Files.isExecutable(GDB);
    }

    /**
     * The backtrace without separate debug files: gdb then unwinds libc by .eh_frame alone, as the
     * unwinder does; with them it adds frames for tail calls (libc's qsort jumps to qsort_r) that are
     * on no stack.
     */
    static List<Frame> atCrash(Path program, int mode) throws IOException, InterruptedException {
        Process gdb = new ProcessBuilder(GDB.toString(), "-batch", "-nx", "-ex", "set width 0",
                "-ex", "set debug-file-directory /nonexistent", "-ex",
                "run " + mode + " < /dev/zero", "-ex", "bt", "--args", program.toString())
                .redirectErrorStream(true).start();
        String output = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gdb.waitFor(2, TimeUnit.MINUTES)) {
            gdb.destroyForcibly();
            throw new IOException("gdb did not finish");
        }
        List<Frame> frames = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = FRAME.matcher(line.strip());
            if (m.matches()) {
                frames.add(new Frame(Integer.parseInt(m.group(1)), m.group(2) == null ? -1 : Long.parseUnsignedLong(m.group(2), 16),
                        m.group(3), m.group(4), m.group(5) == null ? 0 : Integer.parseInt(m.group(5))));
            }
        }
        if (frames.isEmpty()) {
            throw new IOException("no backtrace in gdb's output:\n" + output);
        }
        return frames;
    }
}
