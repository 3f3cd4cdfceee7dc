package dev.tracedffi.junit.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An {@link IndexEntry} as a properties file: {@link Properties} escapes any text (lone surrogates included)
 * and reads it back exactly, with nothing but the JDK.
 */
final class IndexEntryFile {

    private IndexEntryFile() {
    }

    static byte[] encode(IndexEntry entry) {
        Properties p = new Properties();
        p.setProperty("class", entry.className());
        p.setProperty("displayName", entry.displayName());
        p.setProperty("uniqueId", entry.uniqueId());
        p.setProperty("status", entry.status().name());
        p.setProperty("calls", Integer.toString(entry.calls()));
        p.setProperty("violations", Long.toString(entry.violations()));
        p.setProperty("html", entry.html());
        p.setProperty("json", entry.json());
        p.setProperty("run", entry.run());
        if (entry.ranBy() != null) {
            p.setProperty("ranBy.uniqueId", entry.ranBy().uniqueId());
            p.setProperty("ranBy.class", entry.ranBy().className());
            p.setProperty("ranBy.displayName", entry.ranBy().displayName());
        }
        if (entry.child() != null) {
            p.setProperty("child.pid", Integer.toString(entry.child().pid()));
            p.setProperty("child.test", Integer.toString(entry.child().test()));
            p.setProperty("child.shared", Boolean.toString(entry.child().shared()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            p.store(out, "a tracedffi index entry");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the file is not an entry */
    static IndexEntry read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        RanBy ranBy = p.containsKey("ranBy.uniqueId")
                ? new RanBy(p.getProperty("ranBy.uniqueId"), required(p, "ranBy.class"), required(p, "ranBy.displayName"))
                : null;
        try {
            ChildJvm child = p.containsKey("child.pid")
                    ? new ChildJvm(Integer.parseInt(p.getProperty("child.pid")), Integer.parseInt(required(p, "child.test")),
                    Boolean.parseBoolean(required(p, "child.shared")))
                    : null;
            return new IndexEntry(required(p, "class"), required(p, "displayName"), required(p, "uniqueId"),
                    TestStatus.valueOf(required(p, "status")), Integer.parseInt(required(p, "calls")),
                    Long.parseLong(required(p, "violations")), required(p, "html"), required(p, "json"),
                    required(p, "run"), ranBy, child);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }
}
