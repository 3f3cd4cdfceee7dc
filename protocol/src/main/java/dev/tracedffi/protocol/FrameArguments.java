package dev.tracedffi.protocol;

import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;

/** What {@link FrameReader} and {@link FrameWriter} require of the channel and the frame limit they get. */
final class FrameArguments {

    private FrameArguments() {
    }

    static void check(Channel channel, int maxFrameBytes) {
        if (channel instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalArgumentException("frames need a blocking channel");
        }
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("negative maximum frame size " + maxFrameBytes);
        }
    }
}
