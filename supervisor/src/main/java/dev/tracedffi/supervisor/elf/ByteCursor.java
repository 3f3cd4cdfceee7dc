package dev.tracedffi.supervisor.elf;

import java.nio.charset.StandardCharsets;

/**
 * A little-endian reader over a byte array with the encodings DWARF and .eh_frame use (LEB128, C
 * strings). Running past the end throws {@link MalformedDebugInfo}, so a damaged section fails its
 * lookup instead of returning garbage.
 */
public final class ByteCursor {

    private final byte[] data;
    private int position;
    private final int limit;

    public ByteCursor(byte[] data, int position, int limit) {
        if (position < 0 || limit > data.length || position > limit) {
            throw new MalformedDebugInfo("range [" + position + ", " + limit + ") outside " + data.length + " bytes");
        }
        this.data = data;
        this.position = position;
        this.limit = limit;
    }

    public ByteCursor(byte[] data) {
        this(data, 0, data.length);
    }

    public int position() {
        return position;
    }

    public int limit() {
        return limit;
    }

    public boolean hasMore() {
        return position < limit;
    }

    public void seek(int newPosition) {
        if (newPosition < 0 || newPosition > limit) {
            throw new MalformedDebugInfo("seek to " + newPosition + " outside [0, " + limit + ")");
        }
        position = newPosition;
    }

    public void skip(long count) {
        if (count < 0 || count > limit - position) {
            throw new MalformedDebugInfo("skip " + count + " at " + position + " past " + limit);
        }
        position += (int) count;
    }

    /** A cursor over the next {@code length} bytes; this one moves past them. */
    public ByteCursor slice(long length) {
        int start = position;
        skip(length);
        return new ByteCursor(data, start, position);
    }

    private void need(int count) {
        if (count > limit - position) {
            throw new MalformedDebugInfo("read of " + count + " bytes at " + position + " past " + limit);
        }
    }

    public int u8() {
        need(1);
        return data[position++] & 0xFF;
    }

    public int u16() {
        return (int) unsigned(2);
    }

    public long u32() {
        return unsigned(4);
    }

    public long u64() {
        return unsigned(8);
    }

    /** An unsigned little-endian value of 1 to 8 bytes. */
    public long unsigned(int size) {
        need(size);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += size;
        return value;
    }

    /** A sign-extended little-endian value of 1 to 8 bytes. */
    public long signed(int size) {
        long value = unsigned(size);
        int shift = 64 - 8 * size;
        return value << shift >> shift;
    }

    public long uleb128() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7F) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    public long sleb128() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7F) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A NUL-terminated UTF-8 string; the cursor moves past the NUL. */
    public String cString() {
        int end = position;
        while (end < limit && data[end] != 0) {
            end++;
        }
        if (end >= limit) {
            throw new MalformedDebugInfo("unterminated string at " + position);
        }
        String text = new String(data, position, end - position, StandardCharsets.UTF_8);
        position = end + 1;
        return text;
    }

    /** The NUL-terminated string at {@code offset} of this cursor's array, without moving. */
    public String cStringAt(long offset) {
        if (offset < 0 || offset >= data.length) {
            throw new MalformedDebugInfo("string offset " + offset + " outside " + data.length + " bytes");
        }
        return new ByteCursor(data, (int) offset, data.length).cString();
    }

    public byte[] bytes(long length) {
        int start = position;
        skip(length);
        byte[] copy = new byte[(int) length];
        System.arraycopy(data, start, copy, 0, (int) length);
        return copy;
    }
}
