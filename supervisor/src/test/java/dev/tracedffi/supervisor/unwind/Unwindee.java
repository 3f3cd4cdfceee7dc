package dev.tracedffi.supervisor.unwind;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.supervisor.ptrace.Ptrace;
import dev.tracedffi.supervisor.ptrace.Registers;
import dev.tracedffi.linux.Signals;
import dev.tracedffi.supervisor.ptrace.WaitStatus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running unwindee whose chain thread is seized (never the leader: the JDK's reaper waits on the
 * pid) and stopped in the chain. Closing kills the process and reaps the traced thread on every path.
 * Use from one thread: ptrace requests must come from the thread that seized.
 */
final class Unwindee implements AutoCloseable {

    enum Mode {
        CRASH_IN_CHAIN, CRASH_IN_MEMCPY, CRASH_IN_QSORT_COMPARATOR, BLOCKED_IN_READ;

        boolean crashes() {
            return this != BLOCKED_IN_READ;
        }
    }

    private final Ptrace ptrace = new Ptrace();
    private final Process process;
    private final int tid;
    private boolean seized;

    private Unwindee(Process process, int tid) {
        this.process = process;
        this.tid = tid;
    }

    /** Starts the program; without address randomisation (as gdb runs it) when setarch is installed. */
    static Unwindee start(UnwindeeBuild build, Mode mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (setarchAvailable()) {
            command.addAll(List.of("/usr/bin/setarch", "x86_64", "-R"));
        }
        command.add(build.program().toString());
        command.add(Integer.toString(mode.ordinal()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
            if (line == null || !line.startsWith("tid ")) {
                throw new IOException("unwindee printed " + line);
            }
            return new Unwindee(process, Integer.parseInt(line.substring(4).strip()));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    static boolean setarchAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/setarch"));
    }

    long pid() {
        return process.pid();
    }

    /** Seizes the chain thread and lets it run into the mode's stop; the registers there. */
    Registers stopInChain(Mode mode) throws IOException, InterruptedException {
        ptrace.seize(tid, 0);
        seized = true;
        if (mode.crashes()) {
            OutputStream stdin = process.getOutputStream();
            stdin.write('g');
            stdin.flush();
            WaitStatus status = awaitStop();
            if (status.stopSignal() != Signals.SIGSEGV) {
                throw new IllegalStateException("expected SIGSEGV, got " + status);
            }
        } else {
            awaitBlockingRead();
            ptrace.interrupt(tid);
            WaitStatus status = awaitStop();
            if (status.event() != Ptrace.EVENT_STOP) {
                throw new IllegalStateException("expected an interrupt stop, got " + status);
            }
        }
        return ptrace.getRegs(tid);
    }

    private void awaitBlockingRead() throws IOException, InterruptedException {
        Path syscall = Path.of("/proc", Long.toString(pid()), "task", Integer.toString(tid), "syscall");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(syscall).startsWith("0 0x0 ")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the chain thread never blocked in read(0)");
            }
            Thread.sleep(5);
        }
    }

    private WaitStatus awaitStop() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            WaitStatus status = ptrace.waitFor(tid, Ptrace.WNOHANG);
            if (status != null) {
                if (!status.stopped()) {
                    throw new IllegalStateException("chain thread ended: " + status);
                }
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chain thread did not stop");
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        if (seized) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                WaitStatus status;
                try {
                    status = ptrace.waitFor(tid, Ptrace.WNOHANG);
                } catch (LinuxException e) {
                    break; // ECHILD: already reaped
                }
                if (status != null && status.gone()) {
                    break;
                }
                Thread.sleep(2);
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
