package dev.tracedffi.supervisor;

import com.kenai.jffi.Version;
import com.kenai.jffi.internal.StubLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * jffi's native stub library, extracted once for every child. Left alone, jffi copies the stub out of its
 * jar into a new temporary file (and hashes it) in each JVM that starts; with {@value #PROPERTY} naming a
 * directory that holds it, jffi loads it from there. The stub is taken from this JVM's jffi, so only a child
 * with this JVM's class path gets the option; it lives in the {@link StartupCache} under a name derived from
 * its content.
 */
final class JffiStub {

    static final String PROPERTY = "jffi.boot.library.path";
    private static final Optional<Path> DIRECTORY = extract();

    private JffiStub() {
    }

    /** The option that points a child with {@code classpath} at the extracted stub, if it can use it. */
    static List<String> jvmOptions(String classpath) {
        if (DIRECTORY.isEmpty() || !classpath.equals(System.getProperty("java.class.path"))) {
            return List.of();
        }
        return List.of("-D" + PROPERTY + "=" + DIRECTORY.get());
    }

    private static Optional<Path> extract() {
        Optional<Path> cache = StartupCache.directory();
        String library = System.mapLibraryName("jffi-" + Version.MAJOR + "." + Version.MINOR);
        String resource = "jni/" + StubLoader.getPlatformName() + "/" + library;
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = StubLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            Path dir = cache.get().resolve("jffi-" + digest);
            Path stub = dir.resolve(library);
            if (!Files.isRegularFile(stub)) {
                Files.createDirectories(dir);
                Path temporary = Files.createTempFile(dir, library, ".tmp");
                Files.write(temporary, bytes);
                StartupCache.publish(temporary, stub);
            }
            return Optional.of(dir);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
