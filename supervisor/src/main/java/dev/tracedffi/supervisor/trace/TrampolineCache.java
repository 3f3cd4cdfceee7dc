package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.ChildContract;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Which trampolines are in the child's scratch area, so each faulting instruction is relocated and
 * written once per child, not once per access. Lives as long as the child's session (its calls share
 * the scratch area). An entry is valid only while the instruction bytes at its rip are the ones it was
 * built from: JIT code moves and its addresses are reused, so every lookup compares the bytes just
 * read at the faulting rip.
 *
 * <p>A slot is never rewritten in the call that wrote or used it: another traced thread may have been
 * sent to it and not have run it yet. Once every slot belongs to the current call, no new trampoline
 * is made until the next call (the instruction takes the single-step path). Between calls no thread
 * is in a trampoline (the tracer steps threads out before detaching them), so older slots are reused
 * oldest first.
 */
public final class TrampolineCache {

    static final int FIRST_SLOT = ChildContract.FIRST_TRAMPOLINE_SLOT;
    static final int SLOT_SIZE = ChildContract.TRAMPOLINE_SLOT_SIZE;
    static final int SLOTS = (ChildContract.TRAMPOLINE_AREA_END - FIRST_SLOT) / SLOT_SIZE;

    /** A trampoline's identity: the faulting rip and how the registers are adjusted around it. */
    record Key(long rip, int variant) {
    }

    /** A trampoline at {@code address} built from {@code original}, the instruction bytes at the rip. */
    record Entry(Key key, byte[] original, long address) {
    }

    private final Map<Key, Entry> byKey = new HashMap<>();
    private final Entry[] slots = new Entry[SLOTS];
    /** The call that last wrote or used each slot. */
    private final int[] lastCall = new int[SLOTS];
    private int call;
    private long scratch;
    private long delta;
    private int next;

    public TrampolineCache() {
    }

    /**
     * Starts a call that uses the scratch area at {@code scratch} and alias delta {@code delta}; forgets
     * every trampoline when either changed.
     */
    void beginCall(long scratch, long delta) {
        call++;
        if (scratch != this.scratch || delta != this.delta) {
            this.scratch = scratch;
            this.delta = delta;
            byKey.clear();
            Arrays.fill(slots, null);
            next = 0;
        }
    }

    /** The trampoline built for {@code key} from exactly {@code original}, or null; a hit is in use for this call. */
    Entry find(Key key, byte[] original) {
        Entry entry = byKey.get(key);
        if (entry == null || !Arrays.equals(entry.original(), original)) {
            return null;
        }
        lastCall[slotOf(entry.address())] = call;
        return entry;
    }

    /** The trampoline whose first instruction is at {@code address}, or null. */
    Entry at(long address) {
        long offset = address - scratch - FIRST_SLOT;
        if (offset < 0 || offset % SLOT_SIZE != 0 || offset / SLOT_SIZE >= SLOTS) {
            return null;
        }
        return slots[(int) (offset / SLOT_SIZE)];
    }

    /** Whether {@code address} lies in the trampoline area of the scratch area. */
    boolean inTrampolineArea(long address) {
        return address >= scratch + FIRST_SLOT && address < scratch + FIRST_SLOT + (long) SLOTS * SLOT_SIZE;
    }

    /**
     * Where the next trampoline may be written: the oldest slot this call has not touched; empty when
     * the call has touched them all. {@link #store} it once its code is written there.
     */
    OptionalLong nextAddress() {
        for (int tried = 0; tried < SLOTS; tried++) {
            int slot = (next + tried) % SLOTS;
            if (slots[slot] == null || lastCall[slot] != call) {
                next = slot;
                return OptionalLong.of(addressOf(slot));
            }
        }
        return OptionalLong.empty();
    }

    /** Records the trampoline just written at {@link #nextAddress()}. */
    void store(Key key, byte[] original) {
        Entry evicted = slots[next];
        if (evicted != null) {
            byKey.remove(evicted.key(), evicted);
        }
        Entry entry = new Entry(key, original, addressOf(next));
        slots[next] = entry;
        lastCall[next] = call;
        byKey.put(key, entry);
        next = (next + 1) % SLOTS;
    }

    private long addressOf(int slot) {
        return scratch + FIRST_SLOT + (long) slot * SLOT_SIZE;
    }

    private int slotOf(long address) {
        return (int) ((address - scratch - FIRST_SLOT) / SLOT_SIZE);
    }
}
