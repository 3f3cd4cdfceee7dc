package dev.tracedffi.supervisor.symbols;

/**
 * One line of {@code /proc/<pid>/maps}. {@code path} is empty for anonymous memory; {@code device}
 * (encoded as {@code st_dev} is) and {@code inode} identify the mapped file, 0 for anonymous memory.
 */
public record Mapping(long start, long end, String perms, long offset, long device, long inode, String path) {

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public boolean executable() {
        return perms.indexOf('x') >= 0;
    }

    public boolean fileBacked() {
        return path.startsWith("/");
    }

    /** The file name without its directory ("libz.so.1"), or the pseudo path ("[stack]"), or "anonymous". */
    public String shortName() {
        if (path.isEmpty()) {
            return "anonymous";
        }
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
