package dev.tracedffi.supervisor.elf;

/** A source position from a DWARF line table, printed as ASan does: {@code /src/buggy.c:42}. */
public record SourceLocation(String file, int line, int column) {

    /** The file name without its directory. */
    public String fileName() {
        int slash = file.lastIndexOf('/');
        return slash >= 0 ? file.substring(slash + 1) : file;
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
