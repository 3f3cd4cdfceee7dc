package dev.tracedffi.protocol;

/** Everything that crosses the process boundary between the supervisor and its child. */
public sealed interface Message
        permits Hello, Confirmation, Refusal, TraceRequest, MemEvents, TestOutcome, RunMain, CallConfirmation,
        MainEnded {
}
