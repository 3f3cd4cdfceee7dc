package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuditTest {

    private static final Path LIBZ = Path.of("/lib/x86_64-linux-gnu/libz.so.1");

    private record Result(int exitCode, String out, String err) {
    }

    private static Result audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Audit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void summarisesALibrary() {
        assumeTrue(Files.isReadable(LIBZ), "libz.so.1 is absent");
        Result result = audit(LIBZ.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("instructions", "with memory").containsPattern("unknown +0 ");
    }

    @Test
    void dumpsOneLinePerInstructionInTheFixedFormat() {
        assumeTrue(Files.isReadable(LIBZ), "libz.so.1 is absent");
        Result result = audit(LIBZ.toString(), "--dump");
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).isNotEmpty().allMatch(
                l -> l.matches("[0-9a-f]+ \\d+ (-|\\?|(R|W|RW|CR|CW):\\d+( (R|W|RW|CR|CW):\\d+)*)"));
        assertThat(lines).anyMatch(l -> l.endsWith(" RW:4")).anyMatch(l -> l.endsWith(" W:8"));
    }

    @Test
    void sweepsTheSameInstructionsAsObjdump() throws Exception {
        assumeTrue(ObjdumpListing.available(LIBZ), "objdump or libz.so.1 is absent");
        List<Long> objdump = new ArrayList<>();
        ObjdumpListing.stream(LIBZ, line -> objdump.add(line.address()));
        List<Long> ours = audit(LIBZ.toString(), "--dump").out().lines()
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')), 16)).toList();
        assertThat(ours).isEqualTo(objdump);
    }

    @Test
    void explainsBadArguments() {
        assertThat(audit().exitCode()).isEqualTo(2);
        assertThat(audit().err()).contains("usage");
        Result missing = audit("/nonexistent/lib.so");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read");
    }
}
