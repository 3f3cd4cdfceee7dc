package dev.tracedffi.junit.e2e;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** The libc functions the end-to-end fixtures call. */
public interface Libc {

    Libc INSTANCE = LibraryLoader.create(Libc.class).load("c");

    Pointer memset(Pointer dst, int value, long n);

    long strlen(Pointer s);

    void exit(int code);

    void abort();

    int sleep(int seconds);

    int execv(String path, Pointer argv);

    /** A NUL-terminated argv array of NUL-terminated strings, outside the traced arena. */
    static Pointer argv(String... args) {
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getSystemRuntime();
        Pointer argv = jnr.ffi.Memory.allocateDirect(runtime, (args.length + 1L) * Long.BYTES, true);
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = (args[i] + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Pointer arg = jnr.ffi.Memory.allocateDirect(runtime, bytes.length);
            arg.put(0, bytes, 0, bytes.length);
            argv.putAddress((long) i * Long.BYTES, arg.address());
        }
        return argv;
    }
}
