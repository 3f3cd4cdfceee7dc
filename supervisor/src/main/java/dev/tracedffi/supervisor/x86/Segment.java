package dev.tracedffi.supervisor.x86;

/** Segment of a memory operand. In 64-bit mode only FS and GS have a base; ES, CS, SS and DS are flat. */
public enum Segment {
    NONE, FS, GS
}
