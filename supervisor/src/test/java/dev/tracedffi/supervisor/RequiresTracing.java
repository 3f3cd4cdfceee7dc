package dev.tracedffi.supervisor;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test class, with the reason, where this machine cannot trace a child. */
final class RequiresTracing implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TracingSupport support = Supervisor.tracingSupport();
        assumeTrue(support.available(), support.reason());
    }
}
