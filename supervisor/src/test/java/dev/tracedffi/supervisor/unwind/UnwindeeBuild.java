package dev.tracedffi.supervisor.unwind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds src/test/c/unwind (libchain.so with the call chain, unwindee that runs it on a thread) in
 * one directory per compiler setting. Empty when gcc is missing.
 */
enum UnwindeeBuild {
    /** Frame pointers and .eh_frame. */
    FRAME_POINTER("-O1", "-fno-omit-frame-pointer"),
    /** Optimised, no frame pointer: only .eh_frame can unwind it. */
    OPTIMISED("-O2", "-fomit-frame-pointer"),
    /** Frame pointers and no .eh_frame for the chain: only the rbp chain can unwind it. */
    NO_CALL_FRAME_INFO("-O1", "-fno-omit-frame-pointer", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables");

    private static final Path SOURCES = Path.of("src/test/c/unwind");
    private static final Map<UnwindeeBuild, Path> BUILT = new ConcurrentHashMap<>();

    private final List<String> flags;

    UnwindeeBuild(String... flags) {
        this.flags = List.of(flags);
    }

    /** The directory holding unwindee and libchain.so. */
    synchronized Path directory() throws IOException, InterruptedException {
        Path done = BUILT.get(this);
        if (done != null) {
            return done;
        }
        Path dir = root().resolve(name().toLowerCase());
        Files.createDirectories(dir);
        List<String> library = new ArrayList<>(List.of("gcc", "-g", "-shared", "-fPIC"));
        library.addAll(flags);
        library.addAll(List.of("-o", dir.resolve("libchain.so").toString(), SOURCES.resolve("chain.c").toString()));
        run(library);
        run(List.of("gcc", "-g", "-O1", "-pthread", "-o", dir.resolve("unwindee").toString(),
                SOURCES.resolve("unwindee.c").toString(), "-L" + dir, "-lchain", "-Wl,-rpath," + dir));
        BUILT.put(this, dir);
        return dir;
    }

    Path library() throws IOException, InterruptedException {
        return directory().resolve("libchain.so");
    }

    Path program() throws IOException, InterruptedException {
        return directory().resolve("unwindee");
    }

    static boolean compilerAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/gcc"));
    }

    private static Path root() {
        String library = System.getProperty("tracedffi.test.library");
        Path base = library != null ? Path.of(library).getParent() : Path.of("target", "native");
        return base.resolve("unwind");
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
