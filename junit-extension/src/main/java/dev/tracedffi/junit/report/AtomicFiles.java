package dev.tracedffi.junit.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written to a temporary file and moved into place, so no reader (a browser, another fork) sees half of one. */
final class AtomicFiles {

    /** Temporary files start with this; listings skip them. */
    static final String TEMPORARY_PREFIX = ".tracedffi";

    private AtomicFiles() {
    }

    static void replace(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), TEMPORARY_PREFIX, ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
