package dev.tracedffi.supervisor;

import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.Arrays;

import static dev.tracedffi.supervisor.ScenarioSupport.buffer;
import static dev.tracedffi.supervisor.ScenarioSupport.bytes;
import static dev.tracedffi.supervisor.ScenarioSupport.check;
import static dev.tracedffi.supervisor.ScenarioSupport.pattern;

/**
 * The child side of {@link SocketMessageTracingTest}: recvmsg(2) and sendmsg(2) whose msghdr the kernel
 * follows to an iovec and from there to an arena buffer (syscalls.c), one call per case, its buffers
 * labelled "case/buffer". Each checks in the child that the syscall worked on the buffer, not failed
 * with EFAULT (exit code {@value ScenarioSupport#WRONG_RESULT} if not).
 */
public final class SocketMessageScenarios {

    static final int MESSAGE = 10;
    static final int CAPACITY = 64;

    public interface Messages {
        long sys_recvmsg(Pointer buf, long cap, long n);

        long sys_recvmsg_iov(Pointer iov, int count, long n);

        long sys_sendmsg(Pointer buf, long n, Pointer readback);
    }

    private static final Messages MESSAGES = LibraryLoader.create(Messages.class).load(System.getProperty("tracedffi.test.library"));

    private SocketMessageScenarios() {
    }

    public static void main(String[] args) {
        SupervisorClient client = SupervisorClient.current();
        TracedArena arena = client.arena();

        Pointer buf = buffer(arena, "recvmsg/buf", CAPACITY);
        long received = client.doFfi("recvmsg", () -> MESSAGES.sys_recvmsg(buf, CAPACITY, MESSAGE)).result();
        check(received == MESSAGE, "recvmsg returned " + received);
        check(Arrays.equals(bytes(buf, MESSAGE), pattern(MESSAGE)), "recvmsg: wrong bytes");

        Pointer iov = buffer(arena, "recvmsg iov/iov", 16);
        Pointer target = buffer(arena, "recvmsg iov/buf", CAPACITY);
        iov.putLong(0, target.address());
        iov.putLong(8, CAPACITY);
        received = client.doFfi("recvmsg iov", () -> MESSAGES.sys_recvmsg_iov(iov, 1, MESSAGE)).result();
        check(received == MESSAGE, "recvmsg iov returned " + received);
        check(Arrays.equals(bytes(target, MESSAGE), pattern(MESSAGE)), "recvmsg iov: wrong bytes");

        Pointer src = buffer(arena, "sendmsg/buf", MESSAGE);
        src.put(0, pattern(MESSAGE), 0, MESSAGE);
        Pointer readback = Memory.allocateDirect(Runtime.getRuntime(MESSAGES), MESSAGE);
        long sent = client.doFfi("sendmsg", () -> MESSAGES.sys_sendmsg(src, MESSAGE, readback)).result();
        check(sent == MESSAGE, "sendmsg returned " + sent);
        check(Arrays.equals(bytes(readback, MESSAGE), pattern(MESSAGE)), "sendmsg: the socket carried wrong bytes");
    }
}
