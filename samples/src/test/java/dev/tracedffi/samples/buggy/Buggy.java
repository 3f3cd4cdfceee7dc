package dev.tracedffi.samples.buggy;

import dev.tracedffi.junit.Traced;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * libbuggy (src/test/c/buggy.c): one deliberate bug per function. Through an {@code FfiTracer.traced}
 * proxy, each call of a method annotated {@link Traced} is traced under the method's name.
 */
public interface Buggy {

    /** The system property the build sets to the compiled library's path. */
    String LIBRARY_PROPERTY = "tracedffi.samples.buggy";

    /** Whether the build compiled the library (it needs gcc); see {@link RequiresLibBuggy}. */
    static boolean isBuilt() {
        return Files.isRegularFile(Path.of(System.getProperty(LIBRARY_PROPERTY, "")));
    }

    static Buggy load() {
        return LibraryLoader.create(Buggy.class).failImmediately().load(System.getProperty(LIBRARY_PROPERTY));
    }

    /** Meant to write n bytes; writes n + 1. */
    @Traced
    void fill(Pointer dst, long n);

    /** Keeps {@code counter} (an {@code unsigned int *}) for {@link #counter_increment}. */
    void counter_attach(Pointer counter);

    /** Increments the attached counter, freed or not. */
    @Traced
    void counter_increment();

    /** Dereferences NULL when {@code entry} has no '='. */
    int value_initial(String entry);

    /** Prints {@code why} on stderr, then exit(3). */
    void give_up(String why);

    /** abort() when {@code holds} is 0. */
    void check_invariant(int holds);

    /** Never returns for an odd {@code n} and an even {@code step}. */
    int countdown(int n, int step);

    /** exit(0). */
    void quit_quietly();
}
