package dev.tracedffi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Stream<Message> samples() {
        return SampleMessages.withEdgeValues().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void encodeThenDecodeGivesAnEqualMessage(Message message) throws IOException {
        assertThat(new MessageDecoder().decode(Frames.body(message))).isEqualTo(message);
    }

    @Test
    void oneEncoderAndDecoderServeManyMessagesInTurn() throws IOException {
        MessageEncoder encoder = new MessageEncoder();
        MessageDecoder decoder = new MessageDecoder();
        for (int round = 0; round < 2; round++) {
            for (Message message : SampleMessages.withEdgeValues()) {
                assertThat(decoder.decode(encoder.encode(message))).isEqualTo(message);
            }
        }
    }

    @Test
    void everySampleCrossesByteArrayChannelsInOrderThenTheStreamEndsCleanly() throws IOException {
        List<Message> messages = SampleMessages.withEdgeValues();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        MessageChannel sender = new MessageChannel(
                Frames.readable(new byte[0]), Channels.newChannel(written), Protocol.DEFAULT_MAX_FRAME_BYTES);
        for (Message message : messages) {
            sender.send(message);
        }

        MessageChannel receiver = new MessageChannel(Frames.readable(written.toByteArray()),
                Channels.newChannel(new ByteArrayOutputStream()), Protocol.DEFAULT_MAX_FRAME_BYTES);
        List<Message> received = new ArrayList<>();
        for (Message message = receiver.receive(); message != null; message = receiver.receive()) {
            received.add(message);
        }
        assertThat(received).containsExactlyElementsOf(messages);
        assertThat(receiver.receive()).as("still at the end").isNull();
    }

    @Test
    @Timeout(30)
    void everySampleCrossesAPipeWhileTheReceiverRuns() throws Exception {
        List<Message> messages = SampleMessages.withEdgeValues();
        Pipe pipe = Pipe.open();
        try (MessageChannel sender = new MessageChannel(Pipe.open().source(), pipe.sink(), Protocol.DEFAULT_MAX_FRAME_BYTES);
                MessageChannel receiver = new MessageChannel(pipe.source(), Pipe.open().sink(), Protocol.DEFAULT_MAX_FRAME_BYTES)) {
            // A pipe holds far less than the 65,536-event sample: sending must overlap receiving.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (Message message : messages) {
                        sender.send(message);
                    }
                    pipe.sink().close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            List<Message> received = new ArrayList<>();
            for (Message message = receiver.receive(); message != null; message = receiver.receive()) {
                received.add(message);
            }
            sending.get(10, TimeUnit.SECONDS);
            assertThat(received).containsExactlyElementsOf(messages);
        }
    }

    @Test
    void aCauseChainOfAnyDepthIsDecodedWithoutRecursion() throws IOException {
        int depth = 100_000; // far deeper than any thread stack could recurse
        TestOutcome outcome = new TestOutcome(TestOutcome.Status.FAILED, SampleMessages.causeChain(depth));

        TestOutcome decoded = (TestOutcome) new MessageDecoder().decode(Frames.body(outcome));

        // Compared link by link: the records' own equals() would recurse down the chain.
        SerializedThrowable expected = outcome.throwable();
        SerializedThrowable actual = decoded.throwable();
        int links = 0;
        for (; expected != null; expected = expected.cause(), actual = actual.cause(), links++) {
            assertThat(actual.message()).isEqualTo(expected.message());
            assertThat(actual.stackTrace()).isEqualTo(expected.stackTrace());
        }
        assertThat(actual).isNull();
        assertThat(links).isEqualTo(depth);
    }

    @Test
    void aLoneSurrogateIsSentAsAQuestionMark() throws IOException {
        // Java strings may hold unpaired surrogates; UTF-8 cannot, so msgpack substitutes '?'.
        Message decoded = new MessageDecoder().decode(Frames.body(new Refusal("a\ud800b")));
        assertThat(decoded).isEqualTo(new Refusal("a?b"));
    }
}
