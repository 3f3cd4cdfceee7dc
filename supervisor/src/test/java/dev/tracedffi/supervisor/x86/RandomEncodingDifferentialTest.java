package dev.tracedffi.supervisor.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libraries exercise what compilers emit; this drives the table rows they do not reach.
 * Structured random VEX, EVEX and legacy 0F/0F38/0F3A encodings (random opcode, prefix, W, L,
 * mask, broadcast, ModRM/SIB/displacement), each followed by NOP padding so a disagreement cannot
 * derail the rest, are compared with {@code objdump -D -b binary} instruction by instruction.
 */
class RandomEncodingDifferentialTest {

    private static final int CANDIDATES = 100_000;

    @Test
    void agreesWithObjdumpOnRandomVectorAndLegacyEncodings(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(ObjdumpListing.OBJDUMP), "objdump is absent");
        byte[] code = randomEncodings(new Random(3));
        Path file = dir.resolve("random.bin");
        Files.write(file, code);

        DecoderAgreement agreement = new DecoderAgreement("random encodings");
        Process objdump = new ProcessBuilder(ObjdumpListing.OBJDUMP.toString(), "-D", "-b", "binary", "-m",
                "i386:x86-64", "-M", "intel", "--insn-width=15", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(objdump.getInputStream(), StandardCharsets.US_ASCII))) {
            String raw;
            while ((raw = reader.readLine()) != null) {
                ObjdumpListing.Line line = ObjdumpListing.parse(raw);
                if (line != null) {
                    int at = (int) line.address();
                    agreement.compare(line, X86Decoder.decode(code, at, code.length - at, line.address()));
                }
            }
        }
        objdump.waitFor();
        System.out.println(DecoderAgreement.header() + "\n" + agreement.row() + "\n" + agreement.details());

        assertThat(agreement.instructions).isGreaterThan(CANDIDATES);
        assertThat(agreement.lengthPercent()).as("length agreement").isEqualTo(100.0);
        assertThat(agreement.sizePercent()).as("operand size agreement").isGreaterThanOrEqualTo(99.9);
    }

    private static byte[] randomEncodings(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] mandatoryPrefixes = {0, 0x66, 0xF3, 0xF2};
        for (int i = 0; i < CANDIDATES; i++) {
            switch (random.nextInt(4)) {
                case 0 -> { // three-byte VEX: R/X/B random, map 1-3; W, vvvv=0, L, pp random
                    out.write(0xC4);
                    out.write((random.nextInt(8) << 5) | (1 + random.nextInt(3)));
                    out.write((random.nextInt(2) << 7) | 0x78 | (random.nextInt(2) << 2) | random.nextInt(4));
                }
                case 1 -> { // EVEX: map 1-3; W, pp random; L'L 0-2, sometimes broadcast, sometimes a mask
                    out.write(0x62);
                    out.write(0xF0 | (1 + random.nextInt(3)));
                    out.write((random.nextInt(2) << 7) | 0x7C | random.nextInt(4));
                    int mask = random.nextInt(3) == 0 ? random.nextInt(8) : 0;
                    out.write((random.nextInt(3) << 5) | (random.nextInt(4) == 0 ? 0x10 : 0) | 0x08 | mask);
                }
                default -> { // legacy: mandatory prefix, sometimes REX.W, 0F / 0F38 / 0F3A
                    int prefix = mandatoryPrefixes[random.nextInt(4)];
                    if (prefix != 0) {
                        out.write(prefix);
                    }
                    if (random.nextBoolean()) {
                        out.write(0x48);
                    }
                    out.write(0x0F);
                    int map = random.nextInt(3);
                    if (map > 0) {
                        out.write(map == 1 ? 0x38 : 0x3A);
                    }
                }
            }
            out.write(random.nextInt(256));
            int modrm = random.nextInt(3) << 6 | random.nextInt(64);
            out.write(modrm);
            if ((modrm & 7) == 4) {
                out.write(random.nextInt(256));
            }
            if (modrm >> 6 == 1) {
                out.write(random.nextInt(256));
            } else if (modrm >> 6 == 2 || (modrm & 7) == 5) {
                out.writeBytes(new byte[] {1, 0, 0, 0});
            }
            out.writeBytes(new byte[] {(byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90});
        }
        return out.toByteArray();
    }
}
