package dev.tracedffi.linux;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jnr-ffi 2.2.17's generated stubs corrupt the sixth argument of six-argument functions. Every
 * binding of ours that has six arguments goes through syscall(2); these tests would fail if one of
 * them lost its sixth argument (an mmap offset, a process_vm_readv/writev flags word).
 */
class SixArgumentBindingsTest {

    private final Syscalls sys = Syscalls.get();

    @Test
    void mmapHonoursItsOffset() {
        long page = sys.pageSize();
        int fd = sys.memfdCreate("six-args");
        try {
            sys.ftruncate(fd, 2 * page);
            long whole = sys.mmap(0, 2 * page, Syscalls.PROT_READ | Syscalls.PROT_WRITE, Syscalls.MAP_SHARED, fd, 0);
            Pointer.wrap(sys.runtime(), whole).putLong(page, 0x1122334455667788L);
            long second = sys.mmap(0, page, Syscalls.PROT_READ, Syscalls.MAP_SHARED, fd, page);
            assertThat(Pointer.wrap(sys.runtime(), second).getLong(0)).isEqualTo(0x1122334455667788L);
            sys.munmap(whole, 2 * page);
            sys.munmap(second, page);
        } finally {
            sys.libc().close(fd);
        }
    }

    @Test
    void processVmReadvAndWritevMoveTheBytes() {
        int self = sys.libc().getpid();
        Pointer source = Memory.allocateDirect(sys.runtime(), 64);
        Pointer target = Memory.allocateDirect(sys.runtime(), 64);
        for (int i = 0; i < 64; i++) {
            source.putByte(i, (byte) (i * 3 + 1));
        }
        assertThat(sys.readRemote(self, source.address(), target, 64)).isEqualTo(64);
        assertThat(target.getByte(63)).isEqualTo((byte) (63 * 3 + 1));
        Pointer patch = Memory.allocateDirect(sys.runtime(), 8);
        patch.putLong(0, -1L);
        assertThat(sys.writeRemote(self, source.address() + 8, patch, 8)).isEqualTo(8);
        assertThat(source.getLong(8)).isEqualTo(-1L);
    }

    @Test
    void readingUnmappedMemoryReportsZeroBytesInsteadOfFailing() {
        Pointer target = Memory.allocateDirect(sys.runtime(), 16);
        assertThat(sys.readRemote(sys.libc().getpid(), 8, target, 16)).isZero();
    }
}
