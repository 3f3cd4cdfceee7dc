package dev.tracedffi.supervisor;

import dev.tracedffi.child.ScratchArea;
import dev.tracedffi.child.SupervisorClient;
import dev.tracedffi.child.TracedArena;
import dev.tracedffi.protocol.CallConfirmation;
import dev.tracedffi.protocol.ChildContract;
import dev.tracedffi.protocol.MemEvents;
import dev.tracedffi.protocol.Message;
import dev.tracedffi.protocol.MessageChannel;
import dev.tracedffi.protocol.Refusal;
import dev.tracedffi.protocol.StartFfiInfo;
import dev.tracedffi.protocol.TraceRequest;
import dev.tracedffi.linux.Syscalls;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A child that attacks its supervisor with StartFfi frames of its own making, over the connection
 * {@link SupervisorClient} opened and handshook. It checks each answer itself and writes one line per
 * frame to a report file for {@code HostileChildTest}: {@code ok ...} or {@code BAD ...} (a file, not
 * standard output: the supervisor kills the child at once when a frame ends the session, and its last
 * output lines can be lost then). {@code HostileChild <report file> <mode> ...}, the modes:
 * <ul>
 * <li>{@code fuzz <seed> <frames> <session-ending kind>}: {@code frames} decodable frames, then one that
 *     ends the session;
 * <li>{@code case <name>}: one request the supervisor must refuse ({@link #CASES});
 * <li>{@code stall}: half a frame, then silence;
 * <li>{@code last-words <lines>}: that many lines on standard output, the last one "last words", then a
 *     frame that ends the session.
 * </ul>
 */
public final class HostileChild {

    /** Requests that are well formed but must be refused, each tested on its own. */
    static final List<String> CASES = List.of("tid is the pid", "gadget on a syscall in libc",
            "gadget not page-aligned", "scratch area in the arena", "scratch area in a file mapping");

    private static final int END_MARKER = 23; // SIGURG, as SupervisorClient ends a call

    private final Syscalls sys = Syscalls.get();
    private final SocketChannel socket;
    private final MessageChannel replies;
    private final Path report;
    private final int pid = sys.libc().getpid();

    private HostileChild(SocketChannel socket, Path report) {
        this.socket = socket;
        this.replies = new MessageChannel(socket);
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        HostileChild child = new HostileChild(socketOf(SupervisorClient.current()), Path.of(args[0]));
        child.report("socket " + child.socket.getRemoteAddress());
        HostileFrames.Context context = child.context(SupervisorClient.current().arena());
        switch (args[1]) {
            case "fuzz" -> child.fuzz(new HostileFrames(context, new Random(Long.parseLong(args[2]))),
                    Integer.parseInt(args[3]), args[4]);
            case "case" -> child.sendCase(context, args[2]);
            case "stall" -> child.stall(context);
            case "last-words" -> child.lastWords(new HostileFrames(context, new Random(1)), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[1]);
        }
    }

    /** Appends a line to the report: one write each, which outlives the child. */
    private void report(String line) throws IOException {
        Files.writeString(report, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void fuzz(HostileFrames frames, int count, String endingKind) throws IOException {
        for (int i = 0; i < count; i++) {
            HostileFrames.Frame frame = frames.answerable();
            send(frame.bytes());
            report(verdict(i, frame, answer(frame)));
        }
        HostileFrames.Frame last = frames.sessionEnding(endingKind);
        report("ending " + count + " " + last.kind() + ": " + last.fragment());
        send(last.bytes());
        socket.shutdownOutput();
        Message after;
        try {
            after = replies.receive();
        } catch (IOException e) {
            return; // the supervisor closed the connection (then kills this child)
        }
        report((after == null ? "ok" : "BAD") + " after the ending frame: " + after);
    }

    private void lastWords(HostileFrames frames, int lines) throws IOException {
        for (int i = 0; i < lines - 1; i++) {
            System.out.println("line " + i + " of what a child may print before its supervisor ends it");
        }
        System.out.println("last words");
        System.out.flush();
        send(frames.sessionEnding("random body").bytes());
        socket.shutdownOutput();
        replies.receive();
    }

    /** What the supervisor answered, having ended a call it accepted. */
    private String answer(HostileFrames.Frame frame) throws IOException {
        Message reply = replies.receive();
        if (reply instanceof Refusal refusal) {
            return "refused: " + refusal.reason();
        }
        if (reply instanceof CallConfirmation granted) {
            return "accepted, then " + endCall(frame.info().orElseThrow().tid(), granted.endMarkerNonce());
        }
        return "answered " + reply;
    }

    /** Raises the end marker on the thread the supervisor traces, as SupervisorClient does, and reads the events. */
    private String endCall(long tid, long nonce) throws IOException {
        sys.tgsigqueue(pid, (int) tid, ChildContract.END_MARKER_SIGNAL, nonce);
        Message events = replies.receiveEvents();
        return events instanceof MemEvents memEvents ? memEvents.accEvents().size() + " events" : "answered " + events;
    }

    private static String verdict(int index, HostileFrames.Frame frame, String answer) {
        boolean ok = switch (frame.expect()) {
            case REFUSED -> answer.startsWith("refused: ") && answer.contains(frame.fragment());
            case ACCEPTED -> answer.equals("accepted, then 0 events");
            case ANSWERED -> answer.startsWith("refused: ") || answer.equals("accepted, then 0 events");
            case SESSION_ENDS -> false;
        };
        return (ok ? "ok " : "BAD ") + index + " " + frame.kind() + " (" + frame.expect()
                + (frame.fragment().isEmpty() ? "" : " '" + frame.fragment() + "'") + "): " + answer;
    }

    private void sendCase(HostileFrames.Context context, String name) throws IOException {
        StartFfiInfo valid = context.valid();
        StartFfiInfo info = switch (name) {
            case "tid is the pid" -> HostileFrames.withTid(valid, pid);
            case "gadget on a syscall in libc" -> HostileFrames.withGadget(valid, libcSyscall());
            case "gadget not page-aligned" -> HostileFrames.withGadget(valid, syscallInsideTheGadgetPage(valid));
            case "scratch area in the arena" -> HostileFrames.withGadget(valid, valid.pagePtrs().get(0));
            case "scratch area in a file mapping" -> HostileFrames.withGadget(valid, libcMapping("rw-p").start());
            default -> throw new IllegalArgumentException("no case " + name);
        };
        HostileFrames.Frame frame = new HostileFrames.Frame(name,
                RawFrames.frame(RawFrames.body(new TraceRequest.StartFfi(info))), HostileFrames.Expect.REFUSED, "");
        send(frame.bytes());
        report(verdict(0, frame, answer(frame)));
    }

    private void stall(HostileFrames.Context context) throws Exception {
        byte[] frame = RawFrames.frame(RawFrames.body(new TraceRequest.StartFfi(context.valid())));
        send(Arrays.copyOf(frame, frame.length / 2));
        report("stalled");
        Thread.sleep(600_000);
    }

    private void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            socket.write(buffer);
        }
    }

    private HostileFrames.Context context(TracedArena arena) throws IOException {
        arena.allocate("a", 100);
        arena.allocate("b", 10_000);
        arena.allocate("c", 3);
        ScratchArea scratch = new ScratchArea();
        long pageSize = sys.pageSize();
        StartFfiInfo valid = new StartFfiInfo(sys.gettid(), "hostile", pageSize, arena.trackedPages(),
                scratch.start(), arena.aliasDelta(), arena.allocations());
        long parent = sys.libc().getppid();
        long otherProcessTid;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(parent), "task"))) {
            otherProcessTid = tasks.mapToLong(task -> Long.parseLong(task.getFileName().toString())).max().orElse(parent);
        }
        long pidMax = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim());
        long viewA = arena.trackedPages().get(0);
        return new HostileFrames.Context(pid, valid, pageSize, otherProcessTid, pidMax + 1, libcCodeThatIsNotASyscall(),
                viewA + (512L << 20));
    }

    private Mapping libcMapping(String perms) {
        return ProcMaps.of(pid).mappings().stream().filter(m -> m.path().endsWith("/libc.so.6") && m.perms().equals(perms))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + perms + " mapping of libc"));
    }

    private long libcCodeThatIsNotASyscall() {
        Mapping code = libcMapping("r-xp");
        for (long address = code.start(); ; address++) {
            if (!isSyscall(address)) {
                return address;
            }
        }
    }

    private long libcSyscall() {
        Mapping code = libcMapping("r-xp");
        for (long address = code.start(); address < code.end() - 1; address++) {
            if (isSyscall(address)) {
                return address;
            }
        }
        throw new IllegalStateException("no syscall instruction in libc");
    }

    /** A second {@code syscall} the child writes into its own gadget page, past its start. */
    private long syscallInsideTheGadgetPage(StartFfiInfo valid) {
        long inside = valid.gadgetPtr() + 0x800;
        Pointer.wrap(sys.runtime(), inside).put(0, new byte[] {0x0f, 0x05, (byte) 0xcc}, 0, 3);
        return inside;
    }

    private boolean isSyscall(long address) {
        Pointer memory = Pointer.wrap(sys.runtime(), address);
        return memory.getByte(0) == 0x0f && memory.getByte(1) == 0x05;
    }

    /** The connection SupervisorClient opened (its only socket), to write frames it would never write. */
    private static SocketChannel socketOf(SupervisorClient client) throws IllegalAccessException {
        for (Field field : SupervisorClient.class.getDeclaredFields()) {
            if (SocketChannel.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                return (SocketChannel) field.get(client);
            }
        }
        throw new IllegalStateException("SupervisorClient holds no SocketChannel");
    }
}
