package dev.tracedffi.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class data sharing archive of a child's jars: which class paths get one (and in which order the child
 * then sees them), that children map it once the first child recorded it, and that one that cannot map it
 * runs all the same.
 */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class SharedArchiveTest {

    @Test
    void theJarsComeFirstWhenNoFileIsInBothADirectoryAndAJar(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/app"));
        Files.writeString(classes.resolve("Main.class"), "not really");
        Path lib = jar(dir.resolve("lib.jar"), null, "lib/Util.class", "META-INF/versions/11/lib/Util.class");
        String classpath = dir.resolve("classes") + File.pathSeparator + lib;

        SharedArchive archive = SharedArchive.analyse(classpath);

        assertThat(archive.classpath(classpath)).isEqualTo(lib + File.pathSeparator + dir.resolve("classes"));
        assertThat(archive.file()).isPresent();
    }

    @Test
    void aFileInBothADirectoryAndAJarLeavesTheClassPathAsItIs(@TempDir Path dir) throws IOException {
        Path services = Files.createDirectories(dir.resolve("classes/META-INF/services"));
        Files.writeString(services.resolve("some.Service"), "app.Provider\n");
        Path lib = jar(dir.resolve("lib.jar"), null, "META-INF/services/some.Service");
        Path versioned = jar(dir.resolve("versioned.jar"), null, "META-INF/versions/17/META-INF/services/some.Service");
        for (Path jar : List.of(lib, versioned)) {
            String classpath = dir.resolve("classes") + File.pathSeparator + jar;

            SharedArchive archive = SharedArchive.analyse(classpath);

            assertThat(archive.classpath(classpath)).as(jar.toString()).isEqualTo(classpath);
            assertThat(archive.file()).isEmpty();
            assertThat(archive.launch()).isEmpty();
        }
    }

    @Test
    void aJarWithAClassPathOfItsOwnGetsNoArchive(@TempDir Path dir) throws IOException {
        Path lib = jar(dir.resolve("lib.jar"), "other.jar", "lib/Util.class");
        String classpath = Files.createDirectories(dir.resolve("classes")) + File.pathSeparator + lib;

        assertThat(SharedArchive.analyse(classpath).file()).isEmpty();
    }

    @Test
    void aChangedJarGetsAnotherArchive(@TempDir Path dir) throws IOException {
        Path lib = jar(dir.resolve("lib.jar"), null, "lib/Util.class");
        Path before = SharedArchive.analyse(lib.toString()).file().orElseThrow();

        jar(lib, null, "lib/Util.class", "lib/More.class");
        Files.setLastModifiedTime(lib, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(SharedArchive.analyse(lib.toString()).file()).hasValueSatisfying(after -> assertThat(after)
                .isNotEqualTo(before));
    }

    /**
     * This JVM's class path: the first child records what it loads, then the archive appears (complete, by
     * rename), later children map it, and a child whose own options make it unmappable runs without it.
     */
    @Test
    void childrenMapTheArchiveTheFirstChildRecorded() throws Exception {
        String classpath = System.getProperty("java.class.path");
        SharedArchive sharing = SharedArchive.of(classpath);
        Path archive = sharing.file().orElseThrow(() -> new AssertionError("no archive for " + classpath));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!Files.isRegularFile(archive)) {
            // a child that ends normally records (unless another test's child already did), then the dump follows
            assertThat(run(List.of()).exitCode()).isZero();
            for (int i = 0; i < 600 && !Files.isRegularFile(archive) && Instant.now().isBefore(deadline); i++) {
                Thread.sleep(100);
            }
            assertThat(Instant.now()).as("the archive was dumped in time").isBefore(deadline);
        }

        List<String> mapped = new ArrayList<>();
        assertThat(run(List.of(), mapped).exitCode()).isZero();
        assertThat(mapped).containsExactly(archive.toString());

        List<String> unmappable = new ArrayList<>();
        assertThat(run(List.of("-XX:-UseCompressedOops"), unmappable).exitCode()).isZero();
        assertThat(unmappable).containsExactly("none");
    }

    private static ChildExit run(List<String> jvmOptions) throws InterruptedException {
        return run(jvmOptions, new ArrayList<>());
    }

    private static ChildExit run(List<String> jvmOptions, List<String> stdout) throws InterruptedException {
        List<String> jvm = new ArrayList<>(ChildSpec.DEFAULT_JVM_OPTIONS);
        jvm.addAll(jvmOptions);
        return Supervisor.run(ChildSpec.of(ArchiveMapping.class.getName()).withJvmOptions(jvm).withTraced(false)
                .withOutput(line -> {
                    synchronized (stdout) {
                        stdout.add(line);
                    }
                }, line -> { }));
    }

    /** Prints the class data sharing archive file this JVM maps besides the JDK's own, or "none". */
    public static final class ArchiveMapping {
        public static void main(String[] args) throws IOException {
            System.out.println(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.endsWith(".jsa") && line.contains("tracedffi-cache"))
                    .map(line -> line.substring(line.indexOf('/')))
                    .distinct().findFirst().orElse("none"));
        }
    }

    private static Path jar(Path file, String manifestClassPath, String... entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String entry : entries) {
                jar.putNextEntry(new JarEntry(entry));
                jar.write(entry.getBytes());
                jar.closeEntry();
            }
        }
        return file;
    }
}
