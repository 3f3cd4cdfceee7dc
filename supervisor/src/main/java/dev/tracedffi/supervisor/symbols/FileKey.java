package dev.tracedffi.supervisor.symbols;

import java.nio.file.attribute.FileTime;

/**
 * A regular file as {@code stat} describes it: which file ({@code device}, {@code inode}) and which
 * version of it ({@code size}, {@code modified}), so that a file rewritten in place is not taken for
 * the one read before.
 */
record FileKey(long device, long inode, long size, FileTime modified) {
}
