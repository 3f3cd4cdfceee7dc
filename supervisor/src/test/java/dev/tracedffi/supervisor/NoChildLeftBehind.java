package dev.tracedffi.supervisor;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/** After each test, no child process of this JVM may still be alive. */
final class NoChildLeftBehind implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }
}
