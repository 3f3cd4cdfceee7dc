package dev.tracedffi.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** What a report needs besides the events: the native stack of a crash, the buffers' bytes after a call. */
@ExtendWith({RequiresTracing.class, NoChildLeftBehind.class})
class CallReportDetailTest {

    @Test
    void aCrashReportsItsInstructionInIntelSyntaxAndItsNativeStackWithSourceLines() throws InterruptedException {
        ChildExit exit = SupervisorTracingTest.runTracee("deref_null");
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.instruction()).startsWith("mov eax, dword ptr ds:0x0  [8b 04 25 00 00 00 00]");
            assertThat(crash.nativeStack()).isNotEmpty();
            // libtracee.so is built with -g: frame 0 names the function and its line in tracee.c
            assertThat(crash.nativeStack().get(0)).contains("libtracee.so!deref_null", "tracee.c:");
            assertThat(crash.render()).contains("native stack:", crash.nativeStack().get(0));
        });
    }

    @Test
    void aWildPointerAtTheEndOfTheAddressSpaceIsACrashReport() throws InterruptedException {
        ChildExit exit = SupervisorTracingTest.runTracee("deref_last_address");
        assertThat(exit.supervisorError()).isEmpty();
        assertThat(exit.crash()).hasValueSatisfying(crash -> {
            assertThat(crash.signal()).isEqualTo(11);
            assertThat(crash.location()).startsWith("libtracee.so!deref_last_address+0x");
        });
    }

    @Test
    void aWriteFarPastABufferIsStillAnEvent() throws InterruptedException {
        ChildExit exit = SupervisorTracingTest.runTracee("write_far_past");
        assertThat(exit.calls()).singleElement().satisfies(call -> {
            long small = call.info().allocations().get(0).range().addr();
            assertThat(call.events().accEvents()).singleElement().satisfies(event -> {
                assertThat(event).isInstanceOf(dev.tracedffi.protocol.AccessEvent.Write.class);
                assertThat(event.range()).isEqualTo(new dev.tracedffi.protocol.AccessRange(small + 9000, 4));
            });
        });
    }

    @Test
    void aCompletedCallKeepsTheBytesOfEachSmallBufferAfterIt() throws InterruptedException {
        ChildExit exit = SupervisorTracingTest.runTracee("fill_ints");
        assertThat(exit.calls()).singleElement().satisfies(call -> {
            long array = call.info().allocations().stream().filter(a -> a.label().equals("array")).findFirst()
                    .orElseThrow().range().addr();
            ByteBuffer bytes = ByteBuffer.wrap(call.contentsAfter().get(array)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(bytes.remaining()).isEqualTo(40);
            for (int i = 0; i < 10; i++) {
                assertThat(bytes.getInt(4 * i)).as("array[%d]", i).isEqualTo(7);
            }
        });
    }
}
