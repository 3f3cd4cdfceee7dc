package dev.tracedffi.supervisor.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names under which the bindings' stub libraries are mapped (the JNA one JNA really extracts is
 * checked in junit-extension's JnidispatchMappingTest, jffi's by every traced test).
 */
class JniLibrariesTest {

    private static Mapping mapped(String path) {
        return new Mapping(0x7f00_0000_0000L, 0x7f00_0001_0000L, "r-xp", 0, 0xfe00, 42, path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/tmp/jffi4519279862402651977.so",
            "/tmp/jffi4519279862402651977.so (deleted)",
            "/root/.cache/JNA/temp/jna12248160203164510498.tmp (deleted)",
            "/tmp/jna-1234/jna987.tmp",
            "/opt/app/lib/libjnidispatch.so",
            "/usr/lib/x86_64-linux-gnu/jni/libjnidispatch.system.so"})
    void bindingStubLibraries(String path) {
        assertThat(JniLibraries.isBindingStubs(mapped(path))).isTrue();
        assertThat(JniLibraries.isJniBoundary(mapped(path))).isTrue();
        assertThat(JniLibraries.isJvm(mapped(path))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13",
            "/tmp/jna-1234/libfoo.so",
            "/tmp/jnarchive.tmp",
            "/usr/lib/libjnidispatcher.so",
            "/tmp/myjffi.so",
            ""})
    void libraryCode(String path) {
        assertThat(JniLibraries.isBindingStubs(mapped(path))).isFalse();
        assertThat(JniLibraries.isJniBoundary(mapped(path))).isFalse();
    }

    @Test
    void theJvm() {
        String path = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
        assertThat(JniLibraries.isJvm(mapped(path))).isTrue();
        assertThat(JniLibraries.isBindingStubs(mapped(path))).isFalse();
        assertThat(JniLibraries.isJniBoundary(mapped(path))).isTrue();
    }
}
