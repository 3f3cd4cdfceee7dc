package dev.tracedffi.junit.assertions;

import dev.tracedffi.protocol.AccessEvent;

import java.util.function.LongFunction;

/** How messages and reports name an access: {@code WRITE of size 1 at libbuggy.so!fill+0x12}, as ASan does. */
public final class AccessDescription {

    private AccessDescription() {
    }

    /** {@code READ}, {@code WRITE}, or {@code possible WRITE} for a write the instruction may not have made. */
    public static String kind(AccessEvent event) {
        if (event instanceof AccessEvent.Write write) {
            return write.certain() ? "WRITE" : "possible WRITE";
        }
        return "READ";
    }

    public static String of(AccessEvent event, LongFunction<String> symbolizer) {
        return kind(event) + " of size " + event.range().size() + " at " + symbolizer.apply(event.ip());
    }

}
