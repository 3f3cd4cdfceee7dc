package dev.tracedffi.supervisor.ptrace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The W* macros of sys/wait.h, on the raw values Linux produces. */
class WaitStatusTest {

    @Test
    void exitCode() {
        WaitStatus status = new WaitStatus(7, 3 << 8);
        assertThat(status.exited()).isTrue();
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.gone()).isTrue();
        assertThat(status.stopped()).isFalse();
    }

    @Test
    void killedBySignal() {
        WaitStatus status = new WaitStatus(7, 9);
        assertThat(status.killedBySignal()).isTrue();
        assertThat(status.termSignal()).isEqualTo(9);
        assertThat(status.gone()).isTrue();
    }

    @Test
    void signalDeliveryStop() {
        WaitStatus status = new WaitStatus(7, (11 << 8) | 0x7f);
        assertThat(status.stopped()).isTrue();
        assertThat(status.stopSignal()).isEqualTo(11);
        assertThat(status.event()).isZero();
        assertThat(status.gone()).isFalse();
    }

    @Test
    void ptraceEventStop() {
        WaitStatus status = new WaitStatus(7, (Ptrace.EVENT_EXIT << 16) | (5 << 8) | 0x7f);
        assertThat(status.stopped()).isTrue();
        assertThat(status.stopSignal()).isEqualTo(5);
        assertThat(status.event()).isEqualTo(Ptrace.EVENT_EXIT);
    }
}
