package dev.tracedffi.supervisor.elf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the separate debug file of a stripped ELF file the way gdb does: by build id under
 * {@code /usr/lib/debug/.build-id/xx/rest.debug} (Debian's -dbg and -dbgsym packages), else by
 * .gnu_debuglink next to the file, in its .debug directory, or under /usr/lib/debug.
 */
public final class DebugFiles {

    private static final int NT_GNU_BUILD_ID = 3;

    private final Path debugRoot;

    public DebugFiles(Path debugRoot) {
        this.debugRoot = debugRoot;
    }

    public static DebugFiles system() {
        return new DebugFiles(Path.of("/usr/lib/debug"));
    }

    /** The build id of the file as lowercase hex, from its .note.gnu.build-id. */
    public static Optional<String> buildId(ElfFile elf) {
        Optional<ElfFile.Section> note = elf.section(".note.gnu.build-id").filter(ElfFile.Section::hasFileBytes);
        if (note.isEmpty()) {
            return Optional.empty();
        }
        ByteCursor in = new ByteCursor(elf.bytes(note.get()));
        while (in.limit() - in.position() >= 12) {
            long nameSize = in.u32();
            long descSize = in.u32();
            long type = in.u32();
            String name = new String(in.bytes(align4(nameSize)), java.nio.charset.StandardCharsets.US_ASCII);
            byte[] desc = in.bytes(align4(descSize));
            if (type == NT_GNU_BUILD_ID && name.startsWith("GNU\0")) {
                return Optional.of(HexFormat.of().formatHex(desc, 0, (int) descSize));
            }
        }
        return Optional.empty();
    }

    private static long align4(long size) {
        return (size + 3) & ~3L;
    }

    /** The separate debug file for {@code elf}, if one is installed; never the file itself. */
    public Optional<Path> find(ElfFile elf) {
        Optional<String> id = buildId(elf);
        if (id.isPresent() && id.get().length() > 2) {
            Path byId = debugRoot.resolve(".build-id").resolve(id.get().substring(0, 2))
                    .resolve(id.get().substring(2) + ".debug");
            if (Files.isReadable(byId)) {
                return Optional.of(byId);
            }
        }
        return debugLink(elf).flatMap(name -> {
            Path dir = elf.path().toAbsolutePath().getParent();
            List<Path> candidates = List.of(dir.resolve(name), dir.resolve(".debug").resolve(name),
                    debugRoot.resolve(dir.toString().substring(1)).resolve(name));
            return candidates.stream().filter(p -> !p.equals(elf.path().toAbsolutePath()))
                    .filter(Files::isReadable).findFirst();
        });
    }

    private static Optional<String> debugLink(ElfFile elf) {
        return elf.section(".gnu_debuglink").filter(ElfFile.Section::hasFileBytes)
                .map(s -> new ByteCursor(elf.bytes(s)).cString()).filter(n -> !n.isEmpty());
    }
}
