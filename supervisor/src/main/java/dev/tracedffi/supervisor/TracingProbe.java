package dev.tracedffi.supervisor;

import dev.tracedffi.linux.LinuxException;
import dev.tracedffi.supervisor.ptrace.Ptrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds out once whether this JVM can trace a child: the platform first, then the kernel's ptrace
 * policy, then a real PTRACE_SEIZE of a short-lived child process.
 */
final class TracingProbe {

    private static TracingSupport result;

    private TracingProbe() {
    }

    static synchronized TracingSupport result() {
        if (result == null) {
            result = probe();
        }
        return result;
    }

    private static TracingSupport probe() {
        String os = System.getProperty("os.name");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return TracingSupport.unsupported("tracedffi traces with Linux ptrace; this is " + os);
        }
        String arch = System.getProperty("os.arch");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return TracingSupport.unsupported("tracedffi decodes x86-64 instructions; this JVM runs on " + arch);
        }
        String scope = readTrimmed(Path.of("/proc/sys/kernel/yama/ptrace_scope"));
        if ("3".equals(scope)) {
            return TracingSupport.unsupported("Yama ptrace_scope is 3 (/proc/sys/kernel/yama/ptrace_scope): "
                    + "no process may ptrace another until reboot");
        }
        return seizeChild();
    }

    /** Seizes a child process, on a thread of its own as the tracer would. */
    private static TracingSupport seizeChild() {
        AtomicReference<TracingSupport> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(seizeChildOnThisThread()), "tracedffi-probe");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TracingSupport.unsupported("interrupted while probing ptrace");
        }
        return result.get();
    }

    private static TracingSupport seizeChildOnThisThread() {
        Process child;
        try {
            child = new ProcessBuilder("sleep", "30").start();
        } catch (IOException e) {
            return TracingSupport.unsupported("cannot start a probe process: " + e.getMessage());
        }
        try {
            // Seizing is the permission check. The probe is a thread-group leader whose stops the JDK's
            // process reaper would collect, so it is never stopped: it dies traced, and the reaper reaps it.
            new Ptrace().seize((int) child.pid(), 0);
            return TracingSupport.supported();
        } catch (LinuxException e) {
            String seccomp = readSeccompMode();
            return TracingSupport.unsupported("PTRACE_SEIZE of a child process failed: " + e.getMessage()
                    + (seccomp.equals("0") ? "" : " (this process runs under seccomp mode " + seccomp
                    + ", which may forbid ptrace)"));
        } finally {
            child.destroyForcibly();
        }
    }

    private static String readSeccompMode() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Seccomp:")) {
                    return line.substring(8).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "0";
    }

    private static String readTrimmed(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
