package dev.tracedffi.junit.jna;

import com.sun.jna.Native;
import dev.tracedffi.supervisor.symbols.JniLibraries;
import dev.tracedffi.supervisor.symbols.Mapping;
import dev.tracedffi.supervisor.symbols.ProcMaps;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The library JNA really loaded in this JVM (extracted from its jar, then deleted) is recognized as a binding's stubs. */
class JnidispatchMappingTest {

    @Test
    void theJnidispatchThisJvmLoadedIsABindingsStubLibrary() {
        assertThat(Native.POINTER_SIZE).isEqualTo(8); // loads jnidispatch
        String path = System.getProperty("jnidispatch.path");
        assertThat(path).as("JNA names the file it loaded").isNotNull();

        List<Mapping> mappings = ProcMaps.of(ProcessHandle.current().pid()).mappings().stream()
                .filter(m -> m.path().startsWith(path))
                .toList();

        assertThat(mappings).isNotEmpty().allMatch(JniLibraries::isBindingStubs, "a binding's stubs");
        assertThat(mappings).noneMatch(JniLibraries::isJvm);
    }

    @Test
    void libraryCodeIsNotABindingsStubLibrary() {
        List<Mapping> libc = ProcMaps.of(ProcessHandle.current().pid()).mappings().stream()
                .filter(m -> m.shortName().startsWith("libc.so"))
                .toList();

        assertThat(libc).isNotEmpty().noneMatch(JniLibraries::isBindingStubs);
    }
}
