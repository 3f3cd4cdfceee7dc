package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void aHelloOfThisBuildPassesTheVersionCheck() {
        Hello hello = Protocol.hello(100, 101);

        assertThat(hello).isEqualTo(new Hello(Protocol.VERSION, 100, 101));
        assertThat(Protocol.checkVersion(hello)).isEmpty();
    }

    @Test
    void aHelloOfAnotherVersionIsRefusedNamingBothVersions() {
        assertThat(Protocol.checkVersion(new Hello(1, 100, 101)))
                .contains(new Refusal("peer speaks protocol version 1, this supervisor speaks version 2"));
    }

    @Test
    void theHelloLayoutOfVersionOneIsFixed() throws Exception {
        // A peer of any version must be able to read this frame far enough to be refused.
        assertThat(Frames.body(new Hello(1, 2, 3))).containsExactly(0x94, 0x01, 0x01, 0x02, 0x03);
    }
}
