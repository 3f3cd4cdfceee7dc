package dev.tracedffi.supervisor.symbols;

import dev.tracedffi.linux.LibC;
import dev.tracedffi.linux.Syscalls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ELF file behind a file-backed mapping of a process without trusting the path its memory
 * map names: since the mapping was made, that path may have been deleted, given to another file, or
 * to a FIFO (whose open blocks until a writer comes) or a device ({@code /dev/zero} never ends).
 *
 * <p>The file is found through {@code /proc/<pid>/map_files/<start>-<end>}, which is the mapped file
 * itself, deleted or renamed, when this process may follow it (CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE;
 * root here), else through the path. Either must be a regular file of at most {@link #MAX_FILE_BYTES}
 * with the maps line's inode; through the path also its device (map_files gives the very file, but
 * stacking file systems such as overlayfs before Linux 6.8 show another device in the maps line than
 * {@code stat} does). The check is made twice: on the path before opening it, and on what was opened
 * (through {@code /proc/self/fd}), which is opened non-blocking and not through a symbolic link, so a
 * file swapped in between the two is noticed and never blocks.
 */
final class MappedFiles {

    /**
     * Larger files are not read: more than the largest libraries in common use (libLLVM, libxul and
     * libjvm are 20-150 MiB), and a parsed file keeps all its bytes in the heap while it is cached.
     */
    static final long MAX_FILE_BYTES = 256L << 20;

    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final int S_IFMT = 0xf000;
    private static final int S_IFREG = 0x8000;
    private static final String DELETED = " (deleted)";
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    /** Where a mapping's file was found, and what it must be once opened. */
    record Located(Path path, FileKey key, boolean throughMapFiles) {
    }

    private final boolean mapFiles;

    /** @param mapFiles whether to look in {@code /proc/<pid>/map_files} first */
    MappedFiles(boolean mapFiles) {
        this.mapFiles = mapFiles;
    }

    /** The file {@code mapping} maps, if it can still be found and is small enough to read. */
    Optional<Located> locate(ProcMaps maps, Mapping mapping) {
        if (mapFiles) {
            Optional<Located> mapped = maps.mapFile(mapping)
                    .flatMap(entry -> regularFile(entry, true).map(key -> new Located(entry, key, true)))
                    .filter(file -> file.key().inode() == mapping.inode());
            if (mapped.isPresent()) {
                return mapped.filter(MappedFiles::smallEnough);
            }
        }
        String name = mapping.path().endsWith(DELETED)
                ? mapping.path().substring(0, mapping.path().length() - DELETED.length()) : mapping.path();
        Path path = Path.of(name);
        return regularFile(path, false)
                .filter(key -> key.inode() == mapping.inode() && key.device() == mapping.device())
                .map(key -> new Located(path, key, false))
                .filter(MappedFiles::smallEnough);
    }

    /**
     * The bytes of {@code file}, empty if it is not an ELF file (then only its first bytes are read).
     *
     * @throws IOException if it cannot be opened, or what was opened is not the file located
     */
    Optional<byte[]> readElf(Located file) throws IOException {
        LibC libc = Syscalls.get().libc();
        int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (file.throughMapFiles() ? 0 : O_NOFOLLOW);
        int fd = libc.open(file.path().toString(), flags);
        if (fd < 0) {
            throw new IOException("cannot open " + file.path() + ": errno " + Syscalls.get().errno());
        }
        try {
            Path opened = Path.of("/proc/self/fd", Integer.toString(fd));
            if (!regularFile(opened, true).equals(Optional.of(file.key()))) {
                throw new IOException(file.path() + " changed between its check and its opening");
            }
            // a regular file, held open: opening it again through /proc/self/fd gets that very file
            try (FileChannel channel = FileChannel.open(opened, StandardOpenOption.READ)) {
                return read(channel, file.key().size());
            }
        } finally {
            libc.close(fd);
        }
    }

    private static Optional<byte[]> read(FileChannel channel, long size) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(ELF_MAGIC.length);
        fill(channel, magic);
        if (magic.hasRemaining() || !magic.flip().equals(ByteBuffer.wrap(ELF_MAGIC))) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        channel.position(0);
        fill(channel, bytes);
        if (bytes.hasRemaining()) {
            throw new IOException("the file ended after " + bytes.position() + " of its " + size + " bytes");
        }
        return Optional.of(bytes.array());
    }

    /** Reads until {@code buffer} is full or the file ends: never more than the buffer holds, however the file grows. */
    private static void fill(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading
        }
    }

    /** The key of the regular file at {@code path}; empty if there is none (or another kind of file). */
    private static Optional<FileKey> regularFile(Path path, boolean followLinks) {
        Map<String, Object> attributes;
        try {
            LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            attributes = Files.readAttributes(path, "unix:dev,ino,mode,size,lastModifiedTime", options);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
        if (((Integer) attributes.get("mode") & S_IFMT) != S_IFREG) {
            return Optional.empty();
        }
        return Optional.of(new FileKey((Long) attributes.get("dev"), (Long) attributes.get("ino"),
                (Long) attributes.get("size"), (FileTime) attributes.get("lastModifiedTime")));
    }

    private static boolean smallEnough(Located file) {
        return file.key().size() <= MAX_FILE_BYTES;
    }
}
