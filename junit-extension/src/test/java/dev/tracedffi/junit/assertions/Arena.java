package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;
import dev.tracedffi.protocol.AccessRange;
import dev.tracedffi.protocol.AllocationInfo;
import dev.tracedffi.protocol.MemEvents;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Hand-built buffers laid out as the tracked arena lays them out: 64-byte aligned, at least 64 bytes of
 * redzone between neighbours, the first page starting at {@link #PAGE}.
 */
final class Arena {

    static final long PAGE = 0x7f00_0001_0000L;

    /** 16 bytes at page offset 64. */
    static final AllocationInfo DST = new AllocationInfo("dst", new AccessRange(PAGE + 64, 16), false);
    /** 32 bytes at page offset 192. */
    static final AllocationInfo SRC = new AllocationInfo("src", new AccessRange(PAGE + 192, 32), false);
    /** 16 freed bytes at page offset 320. */
    static final AllocationInfo OLD = new AllocationInfo("old", new AccessRange(PAGE + 320, 16), true);
    /** 100 bytes at page offset 4032: crosses into the second page, ends at page offset 4132. */
    static final AllocationInfo STR = new AllocationInfo("str", new AccessRange(PAGE + 4032, 100), false);

    static final List<AllocationInfo> ALL = List.of(DST, SRC, OLD, STR);

    /** Names instruction {@code ip} as if it were at offset ip of {@code fill} in libbuggy.so. */
    static final LongFunction<String> SYMBOLS = ip -> "libbuggy.so!fill+0x" + Long.toHexString(ip);

    private Arena() {
    }

    static Pointer pointer(AllocationInfo buffer) {
        return pointer(buffer, 0);
    }

    static Pointer pointer(AllocationInfo buffer, long offset) {
        return Pointer.wrap(Runtime.getSystemRuntime(), buffer.range().addr() + offset);
    }

    static AccessEvent.Read read(AllocationInfo buffer, long from, long to, long ip) {
        return new AccessEvent.Read(bytes(buffer, from, to), ip);
    }

    static AccessEvent.Write write(AllocationInfo buffer, long from, long to, long ip) {
        return new AccessEvent.Write(bytes(buffer, from, to), true, ip);
    }

    static AccessEvent.Write maybeWrite(AllocationInfo buffer, long from, long to, long ip) {
        return new AccessEvent.Write(bytes(buffer, from, to), false, ip);
    }

    static MemEvents events(AccessEvent... events) {
        return new MemEvents(List.of(events));
    }

    private static AccessRange bytes(AllocationInfo buffer, long from, long to) {
        return new AccessRange(buffer.range().addr() + from, to - from);
    }
}
