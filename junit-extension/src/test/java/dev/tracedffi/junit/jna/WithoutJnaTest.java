package dev.tracedffi.junit.jna;

import dev.tracedffi.supervisor.Supervisor;
import dev.tracedffi.supervisor.TracingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JNA is an optional dependency: a jnr-ffi user's traced test compiles against tracedffi and runs (traced
 * child, DSL, soft assertions, failure messages) on a class path without JNA, with no NoClassDefFoundError.
 */
class WithoutJnaTest {

    private static final Pattern JNA_JAR = Pattern.compile("jna-[0-9][^" + Pattern.quote(File.separator) + "]*\\.jar");

    @Test
    void aJnrOnlyTestCompilesAndRunsWithoutJna(@TempDir Path dir) throws IOException, InterruptedException {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> withoutJna = classPath.stream()
                .filter(e -> !JNA_JAR.matcher(Path.of(e).getFileName().toString()).matches())
                .toList();
        assertThat(withoutJna).as("the test class path had JNA to leave out").hasSizeLessThan(classPath.size());

        Path classes = compileFixture(dir, String.join(File.pathSeparator, withoutJna));
        Path log = dir.resolve("run.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + String.join(File.pathSeparator, withoutJna),
                "-Dtracedffi.prewarm=false", "-Dtracedffi.reports=" + dir.resolve("reports"),
                FixtureLauncher.class.getName(), "withoutjna.JnrOnlyFixture")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            boolean exited = process.waitFor(2, TimeUnit.MINUTES);
            String output = Files.readString(log);
            assertThat(exited).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("3 tests successful").doesNotContain("NoClassDefFoundError");
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private static Path compileFixture(Path dir, String classPath) throws IOException {
        Path source = dir.resolve("src/withoutjna/JnrOnlyFixture.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = WithoutJnaTest.class.getResourceAsStream("JnrOnlyFixture.java")) {
            Files.copy(in, source);
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("-cp", classPath, "-d", classes.toString(), "-proc:none"), null,
                    files.getJavaFileObjects(source)).call();
            assertThat(compiled).as("compiles without JNA: %s", diagnostics.getDiagnostics()).isTrue();
        }
        return classes;
    }
}
