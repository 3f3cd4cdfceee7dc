package dev.tracedffi.protocol;

import java.util.Optional;

/** Constants both peers must agree on, and the version check of the handshake. */
public final class Protocol {

    /**
     * The version of the wire format this build speaks. Bump it on any change to {@link WireFormat}
     * except to the layout of {@link Hello}, which stays fixed so that any peer can be refused with a
     * readable reason.
     */
    public static final int VERSION = 4;

    /**
     * Frames with a longer body are refused by default (64 MiB: room for a StartFfi as large as
     * {@link MessageLimits} allows, with long labels; events travel in frames of under 2 MiB each).
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    private Protocol() {
    }

    /** The hello a child of this build sends. */
    public static Hello hello(long pid, long tid) {
        return new Hello(VERSION, pid, tid);
    }

    /** The refusal the supervisor answers {@code hello} with when the peer speaks another protocol version. */
    public static Optional<Refusal> checkVersion(Hello hello) {
        if (hello.protocolVersion() == VERSION) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("peer speaks protocol version " + hello.protocolVersion()
                + ", this supervisor speaks version " + VERSION));
    }
}
