package dev.tracedffi.protocol;

import java.util.Objects;

/** How the test that ran in the child ended; the child's last frame before it exits. */
public record TestOutcome(Status status, SerializedThrowable throwable) implements Message {

    public enum Status { SUCCESSFUL, ABORTED, FAILED }

    public TestOutcome {
        Objects.requireNonNull(status, "status");
        if (status != Status.SUCCESSFUL) {
            Objects.requireNonNull(throwable, "an aborted or failed test has a throwable");
        }
    }
}
