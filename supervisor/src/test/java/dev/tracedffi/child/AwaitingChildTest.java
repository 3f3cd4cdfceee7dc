package dev.tracedffi.child;

import dev.tracedffi.protocol.Confirmation;
import dev.tracedffi.protocol.ChildContract.ChildCommand;
import dev.tracedffi.protocol.Hello;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.supervisor.ChildSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A prepared child waiting for its main must not outlive a supervisor that goes away. */
class AwaitingChildTest {

    /** Plays the supervisor (untraced, so without ptrace), then closes the connection instead of assigning a main. */
    @Test
    void exitsWhenTheSupervisorClosesTheConnection(@TempDir Path dir) throws Exception {
        Path socketPath = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socketPath));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ChildSpec.DEFAULT_JVM_OPTIONS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildMain.class.getName()));
            command.addAll(new ChildCommand(socketPath, ProcessHandle.current().pid(), false, true,
                    Warmed.class.getName(), List.of()).toArguments());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                try (SocketChannel socket = server.accept()) {
                    MessageChannel channel = new MessageChannel(socket);
                    assertThat(channel.receive()).isInstanceOf(Hello.class);
                    channel.send(new Confirmation());
                    String warmed = new String(child.getInputStream().readNBytes(Warmed.LINE.length()));
                    assertThat(warmed).isEqualTo(Warmed.LINE);
                    assertThat(child.isAlive()).isTrue();
                }
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the child ended").isTrue();
                assertThat(child.exitValue()).isEqualTo(1);
                assertThat(new String(child.getInputStream().readAllBytes())).as("nothing thrown").isEmpty();
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        }
    }

    /** The warm-up: says it is done, so the test knows the child is waiting. */
    public static final class Warmed {
        static final String LINE = "warmed";

        public static void main(String[] args) {
            System.out.print(LINE);
            System.out.flush();
        }
    }
}
