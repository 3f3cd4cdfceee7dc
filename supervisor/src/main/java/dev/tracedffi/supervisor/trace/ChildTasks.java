package dev.tracedffi.supervisor.trace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The threads of a process, as /proc/pid/task lists them right now. */
final class ChildTasks {

    private ChildTasks() {
    }

    /** Whether {@code pid} leads its own process group (field 5 of /proc/pid/stat is its pid). */
    static boolean leadsItsGroup(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[2]) == pid; // state, ppid, pgrp
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The tids of {@code pid}'s threads; empty when the process is gone. */
    static Set<Integer> of(int pid) {
        Set<Integer> tids = new LinkedHashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path task : tasks) {
                tids.add(Integer.parseInt(task.getFileName().toString()));
            }
        } catch (IOException e) {
            // the process is gone
        }
        return tids;
    }

    /** A thread's name (/proc/pid/task/tid/comm); empty when the thread is gone. */
    static String name(int pid, int tid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), "comm"))
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }
}
