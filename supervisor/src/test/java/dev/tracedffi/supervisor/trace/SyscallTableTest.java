package dev.tracedffi.supervisor.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SyscallTableTest {

    @Test
    void namesComeFromTheKernelsNumbering() {
        assertThat(SyscallTable.name(0)).isEqualTo("read");
        assertThat(SyscallTable.name(204)).isEqualTo("sched_getaffinity");
        assertThat(SyscallTable.name(99_999)).isEqualTo("syscall 99999");
    }

    /** The table's numbers agree with the C library's headers on this machine, where they are installed. */
    @Test
    void everyDescribedSyscallHasTheNumberOfItsNameInTheSystemHeaders() throws IOException {
        Path header = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(header), "no kernel headers at " + header);
        Pattern define = Pattern.compile("#define __NR_(\\w+) (\\d+)");
        int checked = 0;
        for (String line : Files.readAllLines(header)) {
            Matcher m = define.matcher(line);
            if (m.matches()) {
                long number = Long.parseLong(m.group(2));
                assertThat(SyscallTable.name(number)).as("syscall %d", number).isEqualTo(m.group(1));
                SyscallTable.lookup(number).ifPresent(s -> assertThat(s.name()).isEqualTo(m.group(1)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void describedArgumentsAreWithinTheSyscallsArity() {
        for (long number = 0; number < 512; number++) {
            SyscallTable.lookup(number).ifPresent(syscall -> {
                for (SyscallTable.PointerArg pointer : syscall.pointers()) {
                    assertThat(pointer.pointer()).as(syscall.name()).isBetween(0, Math.max(0, syscall.arity() - 1));
                }
            });
        }
        assertThat(SyscallTable.lookup(0).orElseThrow().pointers()).singleElement()
                .isEqualTo(new SyscallTable.Buffer(1, 2, true));
    }
}
