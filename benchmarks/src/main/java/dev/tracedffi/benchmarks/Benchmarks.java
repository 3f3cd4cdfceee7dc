package dev.tracedffi.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every benchmark and prints the Markdown tables of BENCHMARKS.md, preceded by the machine it ran
 * on: the strategies side by side, then the suite of empty tests run four ways ({@link SuiteBenchmark}).
 * Run with {@code ./run-benchmarks.sh}; {@code ./run-benchmarks.sh suite} runs the suite table only.
 */
public final class Benchmarks {

    /** One measurement; a column is NaN where it does not apply. */
    record Row(String name, double untraced, double singlestep, double displaced) {
        String ratio() {
            return Double.isNaN(singlestep) || Double.isNaN(displaced) ? "" : format(singlestep / displaced) + "×";
        }
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).equals(List.of("suite"))) {
            System.out.println(machine());
            System.out.println();
            System.out.print(SuiteBenchmark.table());
            return;
        }
        List<Row> rows = new ArrayList<>(TracingBenchmark.rows());
        rows.add(new Row("events codec, encode + decode of 65,536 events: million events/s",
                CodecBenchmark.memEventsEncodeDecodeRate() / 1e6, Double.NaN, Double.NaN));
        System.out.println(machine());
        System.out.println();
        System.out.println("| measurement | untraced | singlestep | displaced | singlestep ÷ displaced |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf("| %s | %s | %s | %s | %s |%n", row.name(), format(row.untraced()),
                    format(row.singlestep()), format(row.displaced()), row.ratio());
        }
        System.out.println();
        System.out.print(SuiteBenchmark.table());
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value >= 100 ? String.format("%,.0f", value) : value >= 1 ? String.format("%.1f", value)
                : String.format("%.2g", value);
    }

    /** CPU model, cores, kernel and JVM, from lscpu and uname. */
    private static String machine() throws IOException, InterruptedException {
        String cpu = "unknown CPU";
        String cores = "?";
        for (String line : command("lscpu").split("\n")) {
            if (line.startsWith("Model name:")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("CPU(s):")) {
                cores = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "Machine: " + cpu + ", " + cores + " CPUs, Linux " + command("uname", "-r").trim() + ", Java "
                + System.getProperty("java.version");
    }

    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
