package dev.tracedffi.supervisor.trace;

import dev.tracedffi.supervisor.ptrace.SyscallInfo;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Recognizes an execve or execveat at its syscall entry, and reads the program it names. */
final class ExecveCall {

    private static final long EXECVE = 59;
    private static final long EXECVEAT = 322;
    private static final int PATH_MAX = 4096;

    private ExecveCall() {
    }

    /** The path of the program {@code syscall} is about to execute; empty when it is no exec entry. */
    static Optional<String> programAtEntry(SyscallInfo syscall, RemoteMemory memory) {
        if (syscall.op() != SyscallInfo.Op.ENTRY || !syscall.x86_64()) {
            return Optional.empty();
        }
        long path;
        if (syscall.number() == EXECVE) {
            path = syscall.args()[0];
        } else if (syscall.number() == EXECVEAT) {
            path = syscall.args()[1];
        } else {
            return Optional.empty();
        }
        return Optional.of(cString(memory.readAnyProtection(path, PATH_MAX)));
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return end == 0 && bytes.length == 0 ? "(unreadable path)" : new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
