package dev.tracedffi.junit.report;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The index of a report directory, shared by every JVM that writes there (surefire forks, the modules of a
 * build pointed at one directory): each test's entry is a file in {@code <dir>/.index/}, and after adding
 * one a writer rebuilds {@code index.html} from all of them. Adding and rebuilding happen under an
 * exclusive lock of {@code <dir>/.index/lock} ({@link FileChannel#lock()}, a POSIX record lock on Linux,
 * released by the kernel if the JVM dies), so a rebuild from an older listing never replaces a newer one.
 * Threads of one JVM take a monitor first: the JVM refuses a second lock of its own on the same file.
 *
 * <p>Rebuilding reads every entry's attributes and renders every row, so a build of N tests would cost
 * O(N²) if each test rebuilt the index (measured: 20 ms of CPU per rebuild at 1000 entries). A writer
 * rebuilds at most once per {@link #REBUILD_INTERVAL}; {@link #flush()} catches up, and the launcher session's
 * end calls it ({@code ReportIndexAnnouncer}), so the last JVM to finish leaves the complete index.
 *
 * <p>Entries of another run (another build, when builds name their run) are left out and deleted; with
 * unnamed runs entries accumulate until the directory is cleaned, as surefire's own reports do, and a test
 * run again replaces its entry.
 */
final class ReportIndex {

    static final String ENTRIES = ".index";
    static final Duration REBUILD_INTERVAL = Duration.ofSeconds(1);
    private static final String SUFFIX = ".entry";
    private static final Object IN_THIS_JVM = new Object();

    private record Cached(Object fileKey, FileTime modified, long size, IndexEntry entry) {
        boolean describes(BasicFileAttributes file) {
            return Objects.equals(fileKey, file.fileKey()) && modified.equals(file.lastModifiedTime()) && size == file.size();
        }
    }

    private final Path indexFile;
    private final Path entries;
    private final String run;
    /** Entries read before, by file: a file replaced since is a new inode with a new time. */
    private final Map<Path, Cached> cache = new HashMap<>();
    private final Duration rebuildInterval;
    private long lastRebuild;
    private boolean rebuilt;
    /** An entry was added since the last rebuild. */
    private boolean stale;

    ReportIndex(Path directory, String run, Duration rebuildInterval) {
        this.indexFile = directory.resolve("index.html");
        this.entries = directory.resolve(ENTRIES);
        this.run = run;
        this.rebuildInterval = rebuildInterval;
    }

    Path indexFile() {
        return indexFile;
    }

    /**
     * Adds (or replaces) the entry called {@code name}, and rewrites the index from every entry of this run
     * unless this writer did less than the rebuild interval ago.
     */
    void add(String name, IndexEntry entry) throws IOException {
        synchronized (IN_THIS_JVM) {
            Files.createDirectories(entries);
            try (FileChannel channel = FileChannel.open(entries.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                AtomicFiles.replace(entries.resolve(name + SUFFIX), IndexEntryFile.encode(entry));
                stale = true;
                if (!rebuilt || System.nanoTime() - lastRebuild >= rebuildInterval.toNanos()) {
                    rebuild();
                }
            }
        }
    }

    /** Rewrites the index if an entry was added since it last did. */
    void flush() throws IOException {
        synchronized (IN_THIS_JVM) {
            if (!stale) {
                return;
            }
            try (FileChannel channel = FileChannel.open(entries.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                rebuild();
            }
        }
    }

    /** Under the lock. */
    private void rebuild() throws IOException {
        AtomicFiles.replace(indexFile, IndexHtml.of(entriesOfThisRun()).getBytes(StandardCharsets.UTF_8));
        stale = false;
        rebuilt = true;
        lastRebuild = System.nanoTime();
    }

    private List<IndexEntry> entriesOfThisRun() throws IOException {
        List<IndexEntry> current = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(entries, "*" + SUFFIX)) {
            for (Path file : files) {
                IndexEntry entry = read(file);
                if (entry == null) {
                    continue;
                }
                if (entry.run().equals(run)) {
                    listed.add(file);
                    current.add(entry);
                } else {
                    Files.deleteIfExists(file);
                }
            }
        }
        cache.keySet().retainAll(listed);
        return current;
    }

    /** The entry in {@code file}, or null when it is gone or not an entry. */
    private IndexEntry read(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Cached cached = cache.get(file);
            if (cached != null && cached.describes(attributes)) {
                return cached.entry();
            }
            IndexEntry entry = IndexEntryFile.read(file);
            cache.put(file, new Cached(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), entry));
            return entry;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            System.err.println("tracedffi: " + file + " is not an index entry, left out of the index: " + e.getMessage());
            return null;
        }
    }
}
