package dev.tracedffi.junit.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A plain JVM that writes reports into a directory, as a surefire fork does: {@code <dir> <run> <name> <count>
 * <go-file>}. It prints {@code ready}, waits for the go file, writes its reports, and prints when it wrote
 * the first and the last ({@code wrote <first-ms> <last-ms>}).
 */
public final class ReportWritingProcess {

    private ReportWritingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String name = args[2];
        int count = Integer.parseInt(args[3]);
        Path go = Path.of(args[4]);
        ReportWriter writer = new ReportWriter(dir, args[1]);
        System.out.println("ready");
        System.out.flush();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(go)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no go file " + go);
            }
            Thread.sleep(1);
        }
        long first = 0;
        TestStatus[] statuses = TestStatus.values();
        for (int i = 0; i < count; i++) {
            writer.write(Reports.test("com.example." + name, "test" + i + "()", statuses[i % statuses.length], null,
                    Reports.CALL));
            if (i == 0) {
                first = System.currentTimeMillis();
            }
        }
        long last = System.currentTimeMillis();
        writer.flush(); // as the launcher session's end does
        System.out.println("wrote " + first + " " + last);
    }
}
