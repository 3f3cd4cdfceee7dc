package dev.tracedffi.supervisor;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * The directory where what makes children start faster is kept across children and test JVMs
 * ({@code <java.io.tmpdir>/tracedffi-cache-<user>}): the jffi stub library and class data sharing archives.
 * Children load code from it, so it must be the user's own and writable by nobody else; a directory that is
 * not is never used. Files appear in it only by atomic rename, complete.
 */
final class StartupCache {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Optional<Path> DIRECTORY = create();

    private StartupCache() {
    }

    /** The cache directory, or empty when it cannot be made private (then children start as before). */
    static Optional<Path> directory() {
        return DIRECTORY;
    }

    private static Optional<Path> create() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tracedffi-cache-" + System.getProperty("user.name"));
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // made by an earlier JVM (or by someone else: checked below)
            }
            Path probe = Files.createTempFile(dir, "owner", ".tmp");
            UserPrincipal me = Files.getOwner(probe);
            Files.delete(probe);
            boolean ours = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)
                    && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
            return ours ? Optional.of(dir) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Moves a completely written {@code temporary} file to {@code target} in one step, replacing any. */
    static void publish(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }
}
