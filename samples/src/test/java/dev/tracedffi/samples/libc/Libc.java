package dev.tracedffi.samples.libc;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/** The libc functions the samples test, declared the way any jnr-ffi user declares them. */
public interface Libc {

    Libc INSTANCE = LibraryLoader.create(Libc.class).load("c");

    Pointer memcpy(Pointer dst, Pointer src, long n);

    Pointer memmove(Pointer dst, Pointer src, long n);

    Pointer memset(Pointer s, int c, long n);

    long strlen(Pointer s);

    Pointer strncpy(Pointer dst, Pointer src, long n);

    /** snprintf is variadic: declare it with the fixed arguments of the one call you make. */
    int snprintf(Pointer str, long size, String format, String arg);

    void qsort(Pointer base, long nmemb, long size, CompareFunction compar);

    /** qsort's {@code int (*compar)(const void *, const void *)}, implemented in Java. */
    interface CompareFunction {
        @Delegate
        int compare(Pointer a, Pointer b);
    }
}
