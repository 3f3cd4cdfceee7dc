package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MessageChannelTest {

    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 1_000;

    @Test
    @Timeout(30)
    void messagesSentFromSeveralThreadsArriveWholeAndInEachSendersOrder() throws Exception {
        Pipe pipe = Pipe.open();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try (MessageChannel sending = new MessageChannel(Pipe.open().source(), pipe.sink(), Protocol.DEFAULT_MAX_FRAME_BYTES);
                MessageChannel receiving = new MessageChannel(pipe.source(), Pipe.open().sink(), Protocol.DEFAULT_MAX_FRAME_BYTES)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int sender = 0; sender < SENDERS; sender++) {
                long id = sender;
                sent.add(senders.submit(() -> {
                    for (int sequence = 0; sequence < MESSAGES_PER_SENDER; sequence++) {
                        // Sizes vary so that frames of different lengths interleave.
                        sending.send(new MemEvents(SampleMessages.memcpyEvents(sequence % 50, id << 32).accEvents()));
                        sending.send(new Hello(sequence, id, sequence));
                    }
                    return null;
                }));
            }

            int[] nextSequence = new int[SENDERS];
            for (int received = 0; received < SENDERS * MESSAGES_PER_SENDER * 2; received++) {
                Message message = receiving.receive();
                if (message instanceof Hello hello) {
                    int sender = (int) hello.pid();
                    assertThat(hello.tid()).isEqualTo(nextSequence[sender]);
                    nextSequence[sender]++;
                } else {
                    MemEvents events = (MemEvents) message;
                    if (!events.accEvents().isEmpty()) {
                        long sender = events.accEvents().get(0).range().addr() >>> 32;
                        assertThat(events).isEqualTo(SampleMessages.memcpyEvents(nextSequence[(int) sender] % 50, sender << 32));
                    }
                }
            }
            for (Future<?> future : sent) {
                future.get(10, TimeUnit.SECONDS);
            }
            assertThat(nextSequence).containsOnly(MESSAGES_PER_SENDER);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aNonBlockingChannelIsRejected() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);

        assertThatThrownBy(() -> new MessageChannel(pipe.source(), pipe.sink(), 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocking");
    }

    @Test
    void closingClosesBothChannels() throws Exception {
        Pipe pipe = Pipe.open();
        new MessageChannel(pipe.source(), pipe.sink(), 1024).close();

        assertThat(pipe.source().isOpen()).isFalse();
        assertThat(pipe.sink().isOpen()).isFalse();
    }
}
