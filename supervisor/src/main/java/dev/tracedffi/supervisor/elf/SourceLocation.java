package dev.tracedffi.supervisor.elf;

/** A source position from a DWARF line table, printed as ASan does: {@code /src/buggy.c:42}. */
public record SourceLocation(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
