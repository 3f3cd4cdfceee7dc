package dev.tracedffi.junit.report;

import java.util.ArrayDeque;
import java.util.Deque;

/** Writes JSON text, one member or element per line; no library, so none is imposed on users. */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** Per open object or array: whether it has a member or element yet. */
    private final Deque<Boolean> hasContent = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter beginObject() {
        open('{');
        return this;
    }

    JsonWriter endObject() {
        close('}');
        return this;
    }

    JsonWriter beginArray() {
        open('[');
        return this;
    }

    JsonWriter endArray() {
        close(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void open(char bracket) {
        separate();
        out.append(bracket);
        hasContent.push(false);
    }

    private void close(char bracket) {
        boolean any = hasContent.pop();
        if (any) {
            newline();
        }
        out.append(bracket);
    }

    /** Before a name, or a value that is not a member's: a comma if needed and a new line. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (hasContent.isEmpty()) {
            return;
        }
        if (hasContent.pop()) {
            out.append(',');
        }
        hasContent.push(true);
        newline();
    }

    private void newline() {
        out.append('\n').append("  ".repeat(hasContent.size()));
    }

    /**
     * Quotes and escapes {@code s}. Surrogates are escaped one by one, so a lone surrogate (possible in
     * a Java string) still gives valid JSON.
     */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
