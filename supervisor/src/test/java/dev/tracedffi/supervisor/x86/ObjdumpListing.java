package dev.tracedffi.supervisor.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Streams {@code objdump -d -M intel} of a file, one parsed instruction line at a time. */
final class ObjdumpListing {

    static final Path OBJDUMP = Path.of("/usr/bin/objdump");

    /** One memory operand as objdump prints it: size keyword (null if it prints none) and broadcast. */
    record ObjdumpOperand(String sizeKeyword, boolean broadcast) {
        int bytes() {
            return switch (sizeKeyword) {
                case "BYTE" -> 1;
                case "WORD" -> 2;
                case "DWORD" -> 4;
                case "FWORD" -> 6;
                case "QWORD" -> 8;
                case "TBYTE" -> 10;
                case "XMMWORD", "OWORD" -> 16;
                case "YMMWORD" -> 32;
                case "ZMMWORD" -> 64;
                default -> throw new IllegalArgumentException(sizeKeyword);
            };
        }
    }

    record Line(long address, int length, String text, String hexBytes) {
        /** Prefix words objdump prints alone when the prefix applies to nothing it decodes. */
        private static final Pattern PREFIXES_ONLY = Pattern.compile(
                "((rex(\\.[WRXB]+)?|data16|addr32|lock|rep|repz|repnz|repe|repne|cs|ds|es|fs|gs|ss|bnd|notrack"
                        + "|xacquire|xrelease)\\s*)+");
        private static final Pattern MEMORY = Pattern.compile(
                "(?:(BYTE|WORD|DWORD|FWORD|QWORD|TBYTE|XMMWORD|YMMWORD|ZMMWORD|OWORD) (PTR|BCST) )?"
                        + "(?:[cdefgs]s:(?:\\[[^\\]]*\\]|0x[0-9a-f]+)|\\[[^\\]]*\\])");

        boolean decodedByObjdump() {
            return !text.contains("(bad)") && !text.startsWith(".byte") && !PREFIXES_ONLY.matcher(text).matches()
                    && !text.isEmpty();
        }

        String mnemonic() {
            String[] words = text.split("\\s+");
            for (String word : words) {
                if (!PREFIXES_ONLY.matcher(word).matches()) {
                    return word;
                }
            }
            return words[0];
        }

        List<ObjdumpOperand> memoryOperands() {
            String body = text;
            int comment = body.indexOf('#');
            if (comment >= 0) {
                body = body.substring(0, comment);
            }
            body = body.replaceAll("<[^>]*>", "");
            List<ObjdumpOperand> result = new ArrayList<>();
            Matcher m = MEMORY.matcher(body);
            while (m.find()) {
                result.add(new ObjdumpOperand(m.group(1), "BCST".equals(m.group(2))));
            }
            return result;
        }
    }

    private ObjdumpListing() {
    }

    static void stream(Path file, Consumer<Line> consumer) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(OBJDUMP.toString(), "-d", "-M", "intel", "--insn-width=15",
                file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16)) {
            String raw;
            while ((raw = reader.readLine()) != null) {
                Line line = parse(raw);
                if (line != null) {
                    consumer.accept(line);
                }
            }
        } finally {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    /** "  1a2b0:\t48 8b 05 10 00 00 00 \tmov    rax,QWORD PTR [rip+0x10]" or null for other lines. */
    static Line parse(String raw) {
        if (raw.length() < 4 || raw.charAt(0) != ' ') {
            return null;
        }
        int colon = raw.indexOf(":\t");
        if (colon < 0) {
            return null;
        }
        int bytesEnd = raw.indexOf('\t', colon + 2);
        String hex = (bytesEnd < 0 ? raw.substring(colon + 2) : raw.substring(colon + 2, bytesEnd)).strip();
        String text = bytesEnd < 0 ? "" : raw.substring(bytesEnd + 1).strip();
        long address = Long.parseLong(raw.substring(0, colon).strip(), 16);
        int length = hex.isEmpty() ? 0 : (hex.length() + 1) / 3;
        return new Line(address, length, text.replaceAll("\\s+", " "), hex);
    }

    static boolean available(Path file) {
        return Files.isExecutable(OBJDUMP) && Files.isReadable(file);
    }
}
