package dev.tracedffi.supervisor;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A static class data sharing (AppCDS) archive of the jars on a child's class path, made once per class
 * path and JDK and kept in the {@link StartupCache}: a child that maps it skips parsing, verifying and
 * linking the JUnit, jnr-ffi and tracedffi classes it loads at start-up, nearly half of its CPU time.
 * <p>
 * JDK 17 maps an archive only when the child's class path starts with the class path it was dumped with,
 * and refuses non-empty directories in that prefix, while a test class path starts with
 * {@code target/test-classes} and {@code target/classes}. So the child gets the jars first, then the
 * directories, each group in its order. That finds every class and resource where the original order does
 * when no file is in both a directory and a jar, and only then is it done; otherwise (or with a jar that has
 * a {@code Class-Path}) the child gets its class path unchanged and no archive.
 * <p>
 * The first child launched with a class path records the classes it loads ({@code -XX:DumpLoadedClassList});
 * once it has exited normally, {@code java -Xshare:dump} writes the archive in the background, detached from
 * the test JVM, under a temporary name renamed into place when complete (a truncated archive crashes the JVM
 * that maps it; several test JVMs may dump at once, the last rename wins). Its name is a hash of the JDK and each jar's path, size and modification time, so a changed
 * jar gets a new archive. Later children map it with {@code -Xshare:auto}; an archive the JVM cannot map (a
 * child's own options change the heap layout, say) is ignored silently, and the child's own
 * {@code -Xshare} or {@code -XX:SharedArchiveFile} options come later on its command line and win.
 */
final class SharedArchive {

    /** Directory files walked for the overlap check before giving up on a class path. */
    private static final int MAX_DIRECTORY_FILES = 50_000;
    private static final String MULTI_RELEASE_PREFIX = "META-INF/versions/";
    private static final int STALE_DAYS = 2;

    private static final Map<String, SharedArchive> BY_CLASS_PATH = new ConcurrentHashMap<>();
    private static final SharedArchive NONE = new SharedArchive(null, null, null);

    private final String launchClassPath;
    private final String jars;
    private final Path archive;
    private final AtomicBoolean recorded = new AtomicBoolean();

    private SharedArchive(String launchClassPath, String jars, Path archive) {
        this.launchClassPath = launchClassPath;
        this.jars = jars;
        this.archive = archive;
    }

    /** The archive for children with {@code classpath} (analysed once per class path in this JVM). */
    static SharedArchive of(String classpath) {
        return BY_CLASS_PATH.computeIfAbsent(classpath, SharedArchive::analyse);
    }

    /** Where the archive is (or will be); empty when this class path gets none. */
    Optional<Path> file() {
        return Optional.ofNullable(archive);
    }

    /** The class path to launch the child with: {@code classpath} or the same entries, jars first. */
    String classpath(String classpath) {
        return archive == null ? classpath : launchClassPath;
    }

    /**
     * The options that make a child use the archive, or record what goes into it when there is none yet (the
     * first child asked for); {@link #childExited} must follow a recording child's end.
     */
    Optional<Launch> launch() {
        if (archive == null) {
            return Optional.empty();
        }
        if (Files.isRegularFile(archive)) {
            return Optional.of(new Launch(List.of("-XX:SharedArchiveFile=" + archive), null));
        }
        if (!recorded.compareAndSet(false, true)) {
            return Optional.empty();
        }
        Path classList = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".classlist");
        return Optional.of(new Launch(List.of("-XX:DumpLoadedClassList=" + classList), classList));
    }

    /** A child's archive options; {@code classList} is where a recording child writes its classes, else null. */
    record Launch(List<String> jvmOptions, Path classList) {
    }

    /**
     * Dumps the archive, in the background and best effort, from what a recording child that ended normally
     * loaded; after any other end (a spare killed unused) the next child records again.
     */
    void childExited(Launch launch, int exitCode) {
        if (launch.classList() == null) {
            return;
        }
        if (exitCode != 0) {
            deleteQuietly(launch.classList());
            recorded.set(false);
            return;
        }
        try {
            pruneStale();
            dump(launch.classList());
        } catch (IOException e) {
            deleteQuietly(launch.classList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts {@code java -Xshare:dump} detached from this JVM (the shell that starts it exits at once): it is
     * no child of the test JVM, which it may outlive, and it renames the archive into place itself when it
     * succeeds ({@code mv} within one directory is one rename).
     */
    private void dump(Path classList) throws IOException, InterruptedException {
        Path temporary = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        String script = "( \"$0\" -Xshare:dump -XX:SharedClassListFile=\"$1\" -XX:SharedArchiveFile=\"$2\" -cp \"$3\""
                + " && mv -f \"$2\" \"$4\"; rm -f \"$1\" \"$2\" ) </dev/null >/dev/null 2>&1 &";
        Process shell = new ProcessBuilder("/bin/sh", "-c", script,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), classList.toString(),
                temporary.toString(), jars, archive.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        shell.waitFor();
    }

    /** Removes other archives not made for {@value #STALE_DAYS} days: each is tens of MB, one per jar change. */
    private void pruneStale() throws IOException {
        FileTime stale = FileTime.from(Instant.now().minus(Duration.ofDays(STALE_DAYS)));
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), "cds-*.jsa")) {
            for (Path other : archives) {
                if (!other.equals(archive) && Files.getLastModifiedTime(other).compareTo(stale) < 0) {
                    deleteQuietly(other);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left in the private cache directory
        }
    }

    /** Analyses {@code classpath} afresh (of() keeps the first analysis for the JVM's life). */
    static SharedArchive analyse(String classpath) {
        Optional<Path> cache = StartupCache.directory();
        if (cache.isEmpty() || classpath.isEmpty()) {
            return NONE;
        }
        List<Path> jarFiles = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator, -1)) {
            Path path = Path.of(entry).toAbsolutePath(); // an empty entry is the working directory
            if (!entry.isEmpty() && Files.isRegularFile(path)) {
                jarFiles.add(path);
            } else {
                rest.add(entry);
            }
        }
        if (jarFiles.isEmpty()) {
            return NONE;
        }
        try {
            Set<String> directoryFiles = directoryFiles(rest);
            MessageDigest key = MessageDigest.getInstance("SHA-256");
            key.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            for (Path jar : jarFiles) {
                if (!separate(jar, directoryFiles)) {
                    return NONE;
                }
                key.update((jar + "\n" + Files.size(jar) + "\n" + Files.getLastModifiedTime(jar).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String jars = String.join(File.pathSeparator, jarFiles.stream().map(Path::toString).toList());
            List<String> launch = new ArrayList<>();
            launch.add(jars);
            launch.addAll(rest);
            Path archive = cache.get().resolve("cds-" + HexFormat.of().formatHex(key.digest(), 0, 16) + ".jsa");
            return new SharedArchive(String.join(File.pathSeparator, launch), jars, archive);
        } catch (IOException | UncheckedIOException | NoSuchAlgorithmException | TooManyFiles e) {
            return NONE;
        }
    }

    /** The relative names of the files under the class path's directories. */
    private static Set<String> directoryFiles(List<String> entries) throws IOException {
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            Path dir = Path.of(entry);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    names.add(dir.relativize(file).toString().replace(File.separatorChar, '/'));
                    if (names.size() > MAX_DIRECTORY_FILES) {
                        throw new TooManyFiles();
                    }
                }
            }
        }
        return names;
    }

    /** Whether the jar has no file a directory has too (a multi-release jar's versions count as their names). */
    private static boolean separate(Path jar, Set<String> directoryFiles) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            if (manifest != null && manifest.getMainAttributes().containsKey(Attributes.Name.CLASS_PATH)) {
                return false;
            }
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && directoryFiles.contains(unversioned(entry.getName()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String unversioned(String name) {
        if (name.startsWith(MULTI_RELEASE_PREFIX)) {
            int slash = name.indexOf('/', MULTI_RELEASE_PREFIX.length());
            if (slash > 0) {
                return name.substring(slash + 1);
            }
        }
        return name;
    }

    private static final class TooManyFiles extends RuntimeException {
        TooManyFiles() {
            super(null, null, false, false);
        }
    }
}
