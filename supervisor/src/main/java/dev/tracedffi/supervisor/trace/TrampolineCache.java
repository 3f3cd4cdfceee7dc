package dev.tracedffi.supervisor.trace;

import dev.tracedffi.protocol.ChildContract;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which trampolines are in the child's gadget page, so each faulting instruction is relocated and
 * written once per child, not once per access. Lives as long as the child's session (its calls share
 * the gadget page). An entry is valid only while the instruction bytes at its rip are the ones it was
 * built from: JIT code moves and its addresses are reused, so every lookup compares the bytes just
 * read at the faulting rip. Slots are reused round-robin once the page is full.
 */
public final class TrampolineCache {

    static final int FIRST_SLOT = ChildContract.FIRST_TRAMPOLINE_SLOT;
    static final int SLOT_SIZE = ChildContract.TRAMPOLINE_SLOT_SIZE;

    /** A trampoline's identity: the faulting rip and how the registers are adjusted around it. */
    record Key(long rip, int variant) {
    }

    /** A trampoline at {@code address} built from {@code original}, the instruction bytes at the rip. */
    record Entry(Key key, byte[] original, long address) {
    }

    private final Map<Key, Entry> byKey = new HashMap<>();
    private long page;
    private long delta;
    private Entry[] slots = new Entry[0];
    private int next;

    public TrampolineCache() {
    }

    /** Forgets everything unless the calls still use the gadget page {@code page} and alias delta {@code delta}. */
    void use(long page, long pageSize, long delta) {
        if (page != this.page || delta != this.delta) {
            this.page = page;
            this.delta = delta;
            byKey.clear();
            slots = new Entry[(int) ((pageSize - FIRST_SLOT) / SLOT_SIZE)];
            next = 0;
        }
    }

    /** The trampoline built for {@code key} from exactly {@code original}, or null. */
    Entry find(Key key, byte[] original) {
        Entry entry = byKey.get(key);
        return entry != null && Arrays.equals(entry.original(), original) ? entry : null;
    }

    /** The trampoline whose first instruction is at {@code address}, or null. */
    Entry at(long address) {
        long offset = address - page - FIRST_SLOT;
        if (offset < 0 || offset % SLOT_SIZE != 0 || offset / SLOT_SIZE >= slots.length) {
            return null;
        }
        return slots[(int) (offset / SLOT_SIZE)];
    }

    /** Where the next trampoline goes; {@link #store} it once its code is written there. */
    long nextAddress() {
        return page + FIRST_SLOT + (long) next * SLOT_SIZE;
    }

    void store(Key key, byte[] original) {
        Entry evicted = slots[next];
        if (evicted != null) {
            byKey.remove(evicted.key(), evicted);
        }
        Entry entry = new Entry(key, original, nextAddress());
        slots[next] = entry;
        byKey.put(key, entry);
        next = (next + 1) % slots.length;
    }
}
